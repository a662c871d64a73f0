/**
 * One simulated collar on one pet: a hidden state machine (behaviour episodes, first-order heart,
 * breathing and temperature responses, battery, sensor contact) advanced to the time the caller
 * passes, and one VitalsReading out per call. Deterministic for a (profile, seed, sequence of
 * times). No clock, no I/O. Hot path: one reading object and its eventId string per call.
 */
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { PetTwinError } from '../errors.ts';
import { ARTEFACT, DROPOUT, REST_FACTOR, SLEEP_FACTOR, SLEEP_RR_DRIFT_FRACTION, TEMPERATURE } from './calibration.ts';
import {
  BEHAVIOUR_SPECS,
  ambientC,
  episodeDurationS,
  heatLoad,
  hourOfDay,
  nextBehaviour,
  ouStep,
  response,
  sampleTraits,
  type Behaviour,
  type PetTraits,
} from './physiology.ts';
import { Rng } from './rng.ts';
import {
  SCENARIO_NAMES,
  SCENARIO_SPECS,
  applyScenario,
  type ScenarioName,
  type ScenarioRun,
  type Targets,
} from './scenarios.ts';

export type InjectOptions = {
  /** Simulated seconds the scenario lasts; default: the scenario's own default divided by speed. */
  durationS?: number;
  /** Runs the physiological course this many times faster (demos); default 1. */
  speed?: number;
};

export type ActiveScenario = { petId: string; scenario: ScenarioName; startedTs: number; endsTs: number };

export type PetSimulatorOptions = {
  /** Collar id in readings; default `collar-<petId>`. */
  deviceId?: string;
  /** Random stream within the seed (the fleet passes the pet's index); default 0. */
  stream?: number;
};

const SLOW_HR_TAU_S = 20 * 60; // slow heart-rate wander, like differences between Invoxia sessions
const SLOW_RR_TAU_S = 20 * 60;
const EXERTION_UP_TAU_S = 60; // exertion builds over a minute of effort…
const EXERTION_DOWN_TAU_S = 240; // …and fades over minutes, so dogs keep panting after play
const WORN_SENSOR_TAU_S = 30;
const REMOVED_SENSOR_TAU_S = 180; // a collar off the neck cools to the room over minutes
const BATTERY_RESERVE_PCT = 3; // the low_battery scenario drains to this reserve, not to 0 (assumption)

const round = (x: number, f: number) => Math.round(x * f) / f;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

export class PetSimulator {
  readonly profile: PetProfile;
  readonly deviceId: string;
  readonly traits: PetTraits;
  private readonly rng: Rng;
  private readonly t: Targets = {
    activity: 0,
    activityJitter: 0,
    activityTauS: 3,
    hr: 0,
    hrTauS: 15,
    rr: 0,
    rrTauS: 15,
    tempC: 0,
    tempTauS: 600,
    hrvFactor: 1,
    worn: true,
    artefactBoost: 0,
    signalPenalty: 0,
    hrJumpBoost: 0,
    nullBoost: 0,
    dropout: false,
    batteryDrainBoostPctPerS: 0,
  };
  private lastTs = Number.NaN;
  private seq = 0;
  private behaviour: Behaviour = 'rest';
  private behaviourEndsTs = 0;
  private episodeActivity = 0;
  /** Behaviour forced (after a seizure or collapse) until this time. */
  private heldUntilTs = 0;
  private act = 0;
  private exertion = 0;
  private hr = 0;
  private hrSlow = 0;
  private rr = 0;
  private rrSlow = 0;
  private temp = 0;
  private tempDrift = 0;
  private sensorTemp = 0;
  private battery = 0;
  private nextDropoutTs = 0;
  private dropoutEndsTs = 0;
  private run: ScenarioRun | null = null;
  private pending: { name: ScenarioName; opts: InjectOptions } | null = null;

  /** What the pet is doing (its hidden behaviour state), for the scenario library's checks. */
  get currentBehaviour(): Behaviour {
    return this.behaviour;
  }

  constructor(profile: PetProfile, seed: number, opts: PetSimulatorOptions = {}) {
    this.profile = profile;
    this.deviceId = opts.deviceId ?? `collar-${profile.id}`;
    this.rng = new Rng(seed, opts.stream ?? 0);
    this.traits = sampleTraits(profile, this.rng);
  }

  /** Time of the last reading, or NaN before the first. */
  get currentTs(): number {
    return this.lastTs;
  }

  private start(ts: number): void {
    const r = this.rng;
    const u = r.next();
    this.behaviour = u < 0.4 ? 'sleep' : u < 0.8 ? 'rest' : u < 0.95 ? 'active' : 'play';
    this.behaviourEndsTs = ts + episodeDurationS(this.behaviour, this.profile.species, r) * 1000 * r.next();
    this.episodeActivity = this.sampleActivity(this.behaviour);
    this.act = this.episodeActivity;
    this.exertion = this.behaviour === 'play' ? 0.5 : this.behaviour === 'active' ? 0.3 : 0;
    this.hrSlow = r.normal(0, this.traits.hrSlowLnSd);
    this.rrSlow = r.normal(0, this.traits.rrSlowLnSd);
    this.tempDrift = r.normal(0, TEMPERATURE.driftSd);
    this.battery = this.traits.batteryPct;
    this.nextDropoutTs = ts + r.exponential(DROPOUT.meanGapS) * 1000;
    this.computeTargets(ts);
    this.hr = this.t.hr;
    this.rr = this.t.rr;
    this.temp = this.t.tempC;
    this.sensorTemp = this.temp;
    this.lastTs = ts;
  }

  private sampleActivity(b: Behaviour): number {
    const [lo, hi] = BEHAVIOUR_SPECS[b].activity;
    return this.rng.uniform(lo, hi);
  }

  /** Starts a scenario now (at the last reading's time, or at the first reading if none yet). */
  inject(name: ScenarioName, opts: InjectOptions = {}): void {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
      throw new PetTwinError('SCENARIO_UNKNOWN', `unknown scenario "${String(name)}": use one of ${SCENARIO_NAMES.join(', ')}`);
    }
    const speed = opts.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) {
      throw new PetTwinError('BAD_REQUEST', `scenario speed must be a positive number, got ${String(opts.speed)}`);
    }
    if (opts.durationS !== undefined && !(opts.durationS > 0 && Number.isFinite(opts.durationS))) {
      throw new PetTwinError('BAD_REQUEST', `scenario durationS must be a positive number of seconds, got ${String(opts.durationS)}`);
    }
    if (Number.isNaN(this.lastTs)) {
      this.pending = { name, opts };
      return;
    }
    this.begin(name, opts, this.lastTs);
  }

  private begin(name: ScenarioName, opts: InjectOptions, ts: number): void {
    if (name === 'clear') {
      this.end(ts);
      return;
    }
    const speed = opts.speed ?? 1;
    const spec = SCENARIO_SPECS[name];
    const durationS = opts.durationS ?? spec.defaultDurationS / speed;
    if (this.run) this.end(ts);
    this.run = { name, startedTs: ts, endsTs: ts + durationS * 1000, speed, level: this.rng.next() };
    if (spec.hold) this.setBehaviour(spec.hold, ts);
  }

  private end(ts: number): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    const after = SCENARIO_SPECS[run.name].afterRestS / run.speed;
    if (after > 0) {
      this.setBehaviour('rest', ts);
      this.heldUntilTs = ts + after * 1000;
    }
  }

  private setBehaviour(b: Behaviour, ts: number): void {
    this.behaviour = b;
    this.episodeActivity = this.sampleActivity(b);
    this.behaviourEndsTs = ts + episodeDurationS(b, this.profile.species, this.rng) * 1000;
  }

  /** The running scenario, if any. */
  activeScenario(): ActiveScenario | null {
    const run = this.run;
    if (run) return { petId: this.profile.id, scenario: run.name, startedTs: run.startedTs, endsTs: run.endsTs };
    return null;
  }

  /** Normal physiology for the current behaviour, written into this.t, then bent by the scenario. */
  private computeTargets(ts: number): void {
    const t = this.t;
    const tr = this.traits;
    const spec = BEHAVIOUR_SPECS[this.behaviour];
    const asleep = this.behaviour === 'sleep';
    const dog = this.profile.species === 'dog';
    t.activity = this.episodeActivity;
    t.activityJitter = spec.jitter;
    t.activityTauS = 3;
    // Lying-still fidgets (activity below ~0.1) barely move heart or breathing rates.
    const a = this.act > 0.1 ? (this.act - 0.1) / 0.9 : 0;
    const base = asleep ? SLEEP_FACTOR : REST_FACTOR;
    const restHr = tr.restHr * base.hr * Math.exp(this.hrSlow);
    t.hr = restHr + (tr.peakHr - restHr) * Math.pow(a, 1.3);
    t.hrTauS = t.hr > this.hr ? 15 : 40;
    // Panting: after exertion (dogs, cats far less) and in a warm room while awake.
    const heat = asleep ? 0 : heatLoad(ambientC(tr, ts)) * (dog ? 0.5 : 0.15);
    const pant = Math.max(clamp((this.exertion - 0.35) / 0.5, 0, 1) * (dog ? 1 : 0.4), heat);
    // Sleeping breathing wanders far less than awake breathing (calibration.ts SLEEP_RR_DRIFT_FRACTION).
    const restRr = tr.restRr * base.rr * Math.exp(asleep ? this.rrSlow * SLEEP_RR_DRIFT_FRACTION : this.rrSlow);
    const moving = restRr + (3 * restRr - restRr) * a;
    t.rr = moving + (tr.pantRr - moving) * pant;
    t.rrTauS = 15;
    const tempFloor = TEMPERATURE.normalLow[this.profile.species] + TEMPERATURE.normalLowMargin;
    t.tempC = Math.max(tempFloor, tr.baseTempC + this.tempDrift + 0.5 * this.exertion - (asleep ? 0.15 : 0));
    t.tempTauS = 600;
    t.hrvFactor = spec.hrvFactor;
    t.worn = true;
    t.artefactBoost = 0;
    t.signalPenalty = 0;
    t.hrJumpBoost = 0;
    t.nullBoost = 0;
    t.dropout = false;
    t.batteryDrainBoostPctPerS = 0;
    if (this.run) applyScenario(this.run, t, (ts - this.run.startedTs) / 1000, tr, this.rng);
  }

  /** Sets the pet's first instant without producing a reading; no-op once started. */
  startAt(ts: number): void {
    if (!Number.isNaN(this.lastTs)) return;
    this.start(ts);
    if (this.pending) {
      this.begin(this.pending.name, this.pending.opts, ts);
      this.pending = null;
    }
  }

  /** Advances the pet to `ts` (epoch ms) and returns the collar's reading at that time. */
  next(ts: number): VitalsReading {
    this.startAt(ts);
    const r = this.rng;
    const tr = this.traits;
    const dt = ts > this.lastTs ? (ts - this.lastTs) / 1000 : 0;
    this.lastTs = Math.max(this.lastTs, ts);

    if (this.run && ts >= this.run.endsTs) this.end(this.run.endsTs);
    // Behaviour episodes: held during a scenario or its aftermath, otherwise a Markov chain.
    const hold = this.run ? SCENARIO_SPECS[this.run.name].hold : null;
    if (hold !== null || ts < this.heldUntilTs) {
      if (ts >= this.behaviourEndsTs) this.behaviourEndsTs = ts + 60_000;
    } else {
      let guard = 0;
      while (ts >= this.behaviourEndsTs && guard++ < 1000) {
        const b = nextBehaviour(this.behaviour, hourOfDay(this.behaviourEndsTs), r);
        const startsTs = this.behaviourEndsTs;
        this.setBehaviour(b, startsTs);
      }
      if (ts >= this.behaviourEndsTs) this.setBehaviour(this.behaviour, ts); // after a very long gap
    }

    this.hrSlow = ouStep(this.hrSlow, dt, SLOW_HR_TAU_S, tr.hrSlowLnSd, r);
    this.rrSlow = ouStep(this.rrSlow, dt, SLOW_RR_TAU_S, tr.rrSlowLnSd, r);
    this.tempDrift = ouStep(this.tempDrift, dt, TEMPERATURE.driftTauS, TEMPERATURE.driftSd, r);
    this.computeTargets(ts);
    const t = this.t;

    // First-order responses towards the targets.
    const actTarget = clamp(t.activity + r.normal(0, t.activityJitter), 0, 1);
    this.act += (actTarget - this.act) * response(dt, t.activityTauS);
    if (t.activityTauS === 0) this.act = actTarget;
    this.exertion += (this.act - this.exertion) * response(dt, this.act > this.exertion ? EXERTION_UP_TAU_S : EXERTION_DOWN_TAU_S);
    this.hr += (t.hr - this.hr) * response(dt, t.hrTauS);
    this.rr += (t.rr - this.rr) * response(dt, t.rrTauS);
    this.temp += (t.tempC - this.temp) * response(dt, t.tempTauS);
    const sensorTarget = t.worn ? this.temp : ambientC(tr, ts);
    const sensorTau = t.worn ? WORN_SENSOR_TAU_S : REMOVED_SENSOR_TAU_S / (this.run?.speed ?? 1);
    this.sensorTemp += (sensorTarget - this.sensorTemp) * response(dt, sensorTau);
    const boost = this.battery > BATTERY_RESERVE_PCT ? t.batteryDrainBoostPctPerS : 0;
    this.battery = Math.max(0, this.battery - (tr.batteryDrainPctPerS + boost) * dt);

    const seq = this.seq++;
    const eventId = `${this.deviceId}-${seq}`;
    // Short dropouts: the collar sends a frame with nothing in it.
    if (ts >= this.nextDropoutTs) {
      if (ts - this.nextDropoutTs > DROPOUT.maxS * 1000) this.nextDropoutTs = ts; // long gap: start one now
      this.dropoutEndsTs = this.nextDropoutTs + r.uniform(DROPOUT.minS, DROPOUT.maxS) * 1000;
      this.nextDropoutTs = this.dropoutEndsTs + r.exponential(DROPOUT.meanGapS) * 1000;
    }
    if (ts < this.dropoutEndsTs || t.dropout) {
      return {
        eventId,
        petId: this.profile.id,
        deviceId: this.deviceId,
        ts,
        seq,
        heartRate: null,
        respiratoryRate: null,
        temperatureC: null,
        activity: null,
        hrvMs: null,
        batteryPct: null,
        signalQuality: null,
      };
    }

    const temperatureC = round(clamp(this.sensorTemp + r.normal(0, 0.03), 20, 46), 100);
    const batteryPct = round(this.battery, 10);
    if (!t.worn) {
      return {
        eventId,
        petId: this.profile.id,
        deviceId: this.deviceId,
        ts,
        seq,
        heartRate: null,
        respiratoryRate: null,
        temperatureC,
        activity: round(r.uniform(0, 0.01), 1000),
        hrvMs: null,
        batteryPct,
        signalQuality: round(r.uniform(0, 0.05), 100),
      };
    }

    const motion = Math.min(1, this.act + t.artefactBoost);
    const motion15 = motion * Math.sqrt(motion);
    let quality = tr.signalBase + r.normal(0, 0.03) - 0.35 * motion * r.next() - t.signalPenalty;
    let heartRate: number | null = null;
    let hrvMs: number | null = null;
    const u = r.next();
    const pNull = ARTEFACT.hrNullAtRest + ARTEFACT.hrNullAtFullActivity * motion15 + t.nullBoost;
    const pJump = ARTEFACT.hrJumpAtRest + ARTEFACT.hrJumpAtFullActivity * motion + t.hrJumpBoost;
    if (u < pNull) {
      quality -= 0.3;
    } else if (u < pNull + pJump) {
      // Motion artefact: a plausible-looking wrong value (spike, or half the rate).
      heartRate = r.chance(0.6) ? this.hr + r.uniform(25, 70) : this.hr * r.uniform(0.5, 0.7);
      quality -= 0.25;
    } else {
      heartRate = this.hr + r.normal(0, tr.hrShortSd * (1 + motion));
      const hrv = tr.hrvMs * t.hrvFactor * clamp(tr.restHr / Math.max(this.hr, 1), 0.15, 1.5);
      hrvMs = Math.round(clamp(hrv * (1 + r.normal(0, 0.1)), 5, 3000));
    }
    let respiratoryRate: number | null = null;
    if (!r.chance(ARTEFACT.rrNullAtRest + ARTEFACT.rrNullAtFullActivity * motion15 + t.nullBoost)) {
      respiratoryRate = round(clamp(this.rr + r.normal(0, tr.rrShortSd + 0.03 * this.rr), 4, 400), 10);
    }
    return {
      eventId,
      petId: this.profile.id,
      deviceId: this.deviceId,
      ts,
      seq,
      heartRate: heartRate === null ? null : Math.round(clamp(heartRate, 10, 400)),
      respiratoryRate,
      temperatureC,
      activity: round(this.act, 1000),
      hrvMs,
      batteryPct,
      signalQuality: round(clamp(quality, 0, 1), 100),
    };
  }
}

/** A simulator for one pet with a custom profile (evaluators, scenario libraries, tests). */
export function createPetSimulator(profile: PetProfile, seed: number, opts: PetSimulatorOptions = {}): PetSimulator {
  return new PetSimulator(profile, seed, opts);
}
