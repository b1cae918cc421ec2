package dev.deephavencdi.cdi;

/**
 * CDI event fired after a table was published under a name ({@code @Observes TablePublished event}).
 *
 * @param table the new entry
 */
public record TablePublished(PublishedTable table) {}
