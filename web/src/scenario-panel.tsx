/** Scenario injection for one pet: POST /api/v1/scenarios, one button per scenario the server offers. */
import { useState } from 'react';
import type { ScenarioInfo } from '../../src/api/protocol.ts';
import { errorMessage, injectScenario } from './api-client.ts';
import { kindLabel } from './format.ts';

type Props = { petId: string; scenarios: readonly ScenarioInfo[] };

export function ScenarioPanel({ petId, scenarios }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  function run(name: string): void {
    setBusy(name);
    setMessage(null);
    injectScenario({ petId, scenario: name })
      .then(() => setMessage({ text: `${kindLabel(name)} started — watch the alert feed.`, error: false }))
      .catch((err: unknown) => setMessage({ text: errorMessage(err), error: true }))
      .finally(() => setBusy(null));
  }

  return (
    <section className="panel scenario-panel" aria-label="Scenarios">
      <h2>Inject a scenario</h2>
      {scenarios.length === 0 ? (
        <p className="empty">The server offers no scenarios.</p>
      ) : (
        <div className="scenario-buttons">
          {scenarios.map((s) => (
            <button
              key={s.name}
              type="button"
              className="btn"
              data-testid={`scenario-${s.name}`}
              title={s.description}
              disabled={busy !== null}
              onClick={() => run(s.name)}
            >
              {busy === s.name ? 'Starting…' : kindLabel(s.name)}
            </button>
          ))}
        </div>
      )}
      {message ? <p className={message.error ? 'error-text' : 'muted'}>{message.text}</p> : null}
    </section>
  );
}
