/** The JSON documents of the ticket endpoints: plain records, serialized by the runtime's JSON-B or Jackson. */
package dev.deephavencdi.rest.model;
