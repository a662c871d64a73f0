/**
 * The pet's own learned normal for heart rate, breathing rate and temperature, plus the last
 * deviation state of each signal. Learns only from clean resting readings that no detector
 * flagged, so an illness never becomes the new normal while it is being reported.
 * Normal depends on activity: besides the resting baseline (awake rest and sleep together) it
 * keeps a sleeping baseline of heart and breathing rate, learned only while the pet sleeps,
 * which the sleeping-breathing rule compares with (vets compare sleeping RR with sleeping RR).
 * Everything round-trips through engine snapshots, so a restarted analyzer keeps it.
 */
import type { BaselineView } from './engine-contract.ts';
import { SignalBaseline, type BaselineJson } from './baseline.ts';
import type { ReadingContext } from './reading-context.ts';

/** SD floors: a very steady pet must still move this much to count as "far" (sensor resolution). */
export const SD_FLOOR = { heartRate: 3, respiratoryRate: 2, temperatureC: 0.15 } as const;
/** Once warm, a value this many SDs from the mean is not learned: a sudden change is for the
 * deviation detector to judge, not for the baseline to absorb before anyone looks. */
const LEARN_OUTLIER_Z = 3;

export type PetBaselinesJson = {
  hr: BaselineJson;
  rr: BaselineJson;
  temp: BaselineJson;
  sleepHr?: BaselineJson;
  sleepRr?: BaselineJson;
  deviation: number[];
};

/** Per-signal deviation state for the baseline detector: 0 clear, 1 in between, 2 deviating. */
export const DEV_CLEAR = 0;
export const DEV_BAND = 1;
export const DEV_DEVIATING = 2;

export class PetBaselines {
  readonly hr = new SignalBaseline();
  readonly rr = new SignalBaseline();
  readonly temp = new SignalBaseline();
  /** Learned only from sleeping readings (still for a minute or more). */
  readonly sleepHr = new SignalBaseline();
  readonly sleepRr = new SignalBaseline();
  /** Index 0 heart rate, 1 breathing, 2 temperature. */
  readonly deviation = new Uint8Array(3);

  /** Learns from the reading when `c` is baseline grade; the caller vouches nothing was flagged. */
  learn(c: ReadingContext): void {
    if (!c.baselineGrade) return;
    if (c.hrOk) learnOne(this.hr, c.hr, SD_FLOOR.heartRate);
    // Breathing stays up for minutes after exertion: learn it only once it has settled.
    if (c.rrOk && c.breathSettled) learnOne(this.rr, c.rr, SD_FLOOR.respiratoryRate);
    if (c.tempOk) learnOne(this.temp, c.temp, SD_FLOOR.temperatureC);
    if (!c.sleeping) return;
    if (c.hrOk) learnOne(this.sleepHr, c.hr, SD_FLOOR.heartRate);
    if (c.rrOk && c.breathSettled) learnOne(this.sleepRr, c.rr, SD_FLOOR.respiratoryRate);
  }

  view(): BaselineView {
    return { heartRate: viewOf(this.hr), respiratoryRate: viewOf(this.rr), temperatureC: viewOf(this.temp) };
  }

  reset(): void {
    this.hr.reset();
    this.rr.reset();
    this.temp.reset();
    this.sleepHr.reset();
    this.sleepRr.reset();
    this.deviation.fill(0);
  }

  toJSON(): PetBaselinesJson {
    return {
      hr: this.hr.toJSON(),
      rr: this.rr.toJSON(),
      temp: this.temp.toJSON(),
      sleepHr: this.sleepHr.toJSON(),
      sleepRr: this.sleepRr.toJSON(),
      deviation: Array.from(this.deviation),
    };
  }

  load(json: Partial<PetBaselinesJson> | undefined): void {
    this.reset();
    if (!json) return;
    this.hr.load(json.hr);
    this.rr.load(json.rr);
    this.temp.load(json.temp);
    this.sleepHr.load(json.sleepHr);
    this.sleepRr.load(json.sleepRr);
    if (Array.isArray(json.deviation)) {
      for (let i = 0; i < 3; i++) this.deviation[i] = Math.max(0, Math.min(2, Math.trunc(Number(json.deviation[i]) || 0)));
    }
  }
}

function learnOne(b: SignalBaseline, x: number, sdFloor: number): void {
  if (b.warm && Math.abs(x - b.mean) > LEARN_OUTLIER_Z * (b.sd > sdFloor ? b.sd : sdFloor)) return;
  b.add(x);
}

/** Shown only once warm: a half-learned normal is not a normal. */
function viewOf(b: SignalBaseline): { mean: number; sd: number; n: number } | null {
  if (!b.warm) return null;
  return { mean: round1(b.mean), sd: round1(b.sd), n: b.n };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
