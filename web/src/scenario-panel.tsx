/**
 * Scenario injection for one pet: POST /api/v1/scenarios, one button per scenario the server offers.
 * Only pets the simulator plays accept scenarios (the hello frame lists them); a pet registered
 * through the API reports from a real collar, so it gets one line saying so instead of buttons.
 */
import { useState } from 'react';
import type { ScenarioInfo } from '../../src/api/protocol.ts';
import { errorMessage, injectScenario } from './api-client.ts';
import { kindLabel } from './format.ts';

type Props = { petId: string; simulated: boolean; scenarios: readonly ScenarioInfo[] };

export function ScenarioPanel({ petId, simulated, scenarios }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  function run(name: string): void {
    setBusy(name);
    setMessage(null);
    injectScenario({ petId, scenario: name })
      .then(() => setMessage({ text: `${kindLabel(name)} started: watch the alert feed.`, error: false }))
      .catch((err: unknown) => setMessage({ text: `Could not start ${kindLabel(name).toLowerCase()}. ${errorMessage(err)}`, error: true }))
      .finally(() => setBusy(null));
  }

  if (!simulated) {
    return (
      <section className="panel scenario-panel" aria-label="Scenarios" data-testid="scenario-panel" data-simulated="false">
        <h2>Scenarios</h2>
        <p className="muted" data-testid="scenario-unavailable">
          Scenarios apply to simulated collars only; this pet reports from a collar registered through the API.
        </p>
      </section>
    );
  }

  return (
    <section className="panel scenario-panel" aria-label="Scenarios" data-testid="scenario-panel" data-simulated="true">
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
      {message ? (
        <p className={message.error ? 'error-text' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
