import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';

/**
 * The Deephaven card's page: published tickets (name, ticket forms, size, static or live, links to the ticket
 * endpoints), the sessions and their targets, and the embedded server's statistics. Refreshes on demand.
 */
export class QwcDeephavenCdi extends LitElement {
    jsonRpc = new JsonRpc(this);

    static styles = css`
        table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--lumo-contrast-10pct); }
        code { font-size: 0.85em; word-break: break-all; }
        h3 { margin: 0.5em 0; }
    `;

    static properties = {
        _tickets: { state: true },
        _sessions: { state: true },
        _statistics: { state: true },
    };

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
    }

    _refresh() {
        this.jsonRpc.getTickets().then(response => { this._tickets = response.result; });
        this.jsonRpc.getSessions().then(response => { this._sessions = response.result; });
        this.jsonRpc.getServerStatistics().then(response => { this._statistics = response.result; });
    }

    render() {
        return html`
            <vaadin-button @click=${() => this._refresh()}>Refresh</vaadin-button>
            <h3>Published tickets</h3>${this._renderTickets()}
            <h3>Sessions</h3>${this._renderSessions()}
            <h3>Embedded server</h3>${this._renderStatistics()}`;
    }

    _renderTickets() {
        if (!this._tickets) return html`<p>Loading…</p>`;
        if (this._tickets.length === 0) return html`<p>Nothing is published yet.</p>`;
        return html`<table>
            <tr><th>Name</th><th>Session</th><th>Rows</th><th>Kind</th><th>Ticket</th><th>Endpoints</th></tr>
            ${this._tickets.map(t => html`<tr>
                <td>${t.name}</td><td>${t.session}</td><td>${t.size}</td><td>${t.kind}</td>
                <td><code>hex ${t.ticket.hex}</code><br><code>base64 ${t.ticket.base64}</code><br>
                    <code>sharedId ${t.ticket.sharedId}</code></td>
                <td>${Object.entries(t.links).map(([label, href]) =>
                    html`<a href="${href}" target="_blank">${label}</a> `)}</td>
            </tr>`)}
        </table>`;
    }

    _renderSessions() {
        if (!this._sessions) return html`<p>Loading…</p>`;
        return html`<table>
            <tr><th>Session</th><th>Target</th><th>Server</th></tr>
            ${this._sessions.map(s => html`<tr><td>${s.name}</td><td><code>${s.target}</code></td>
                <td>${s.server}</td></tr>`)}
        </table>`;
    }

    _renderStatistics() {
        const s = this._statistics;
        if (!s) return html`<p>Loading…</p>`;
        if (!s.running) return html`<p>No Dev Service runs: the sessions use a configured server.</p>`;
        return html`<table>
            <tr><th>Target</th><td><code>${s.target}</code></td></tr>
            <tr><th>Sessions</th><td>${s.sessions}</td></tr>
            <tr><th>Exports</th><td>${s.exports}</td></tr>
            <tr><th>Shared tickets</th><td>${s.sharedTickets}</td></tr>
            <tr><th>Subscriptions</th><td>${s.subscriptions}</td></tr>
        </table>`;
    }
}
customElements.define('qwc-deephaven-cdi', QwcDeephavenCdi);
