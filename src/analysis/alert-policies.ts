/**
 * How long each condition must last before it becomes an alert, at what severity, and how long
 * it must stay clear before the alert resolves. "Smart delay" (clinical.md, Cvach 2014): a
 * severe breach opens at once, a mild one must persist; a persistence delay and hysteresis cut
 * false alarms without missing real ones. Counts assume ~1 reading/s (the collar's default);
 * each tier also needs its evidence to span `minMs` of sensor time, so faster collars wait as long.
 */
import { categoryOf, MEDICAL_KINDS, TECHNICAL_KINDS, type AlertKind, type Severity } from '../domain/alert.ts';

/** Opens when at least `n` of the last `window` judged readings are at this level or worse. */
export type TierPolicy = { severity: Severity; n: number; minMs: number };

export type AlertPolicy = {
  kind: AlertKind;
  /** M in "N of the last M readings". */
  window: number;
  /** Tiers for levels 1 (mild), 2 (marked), 3 (severe); null = this level does not exist. */
  tiers: readonly [TierPolicy | null, TierPolicy | null, TierPolicy | null];
  /** The condition must be clear (stricter threshold) this long before the alert resolves. */
  holdMs: number;
  /** Which direction is "worse" for peakValue. */
  peak: 'max' | 'min' | 'none';
};

/** Readings are expected about once a second; `minMs` spans n readings at that rate. */
const NOMINAL_INTERVAL_MS = 1_000;

/** `minMs` defaults to the span of n readings; slow conditions pass a longer one. */
function tier(severity: Severity, n: number, minMs = (n - 1) * NOMINAL_INTERVAL_MS): TierPolicy {
  return { severity, n, minMs };
}

/** "Sustained" for slow signals: sleeping RR over 30/min for 10 min, or 35 % above the pet's own
 * sleeping baseline for 15 min (clinical.md: owners recheck over repeated counts, not one minute); a
 * shift from the learned baseline for 5 min. Replaying real healthy dogs (Invoxia) showed
 * one-minute rises of 50 % in resting RR are normal, so shorter delays would cry wolf. The
 * relative rule waited 20 min while the simulator let healthy sleeping RR wander ±21 %; asleep
 * it now wanders ±10 % (simulator/calibration.ts, Rishniw et al. 2012), and 20 min missed real
 * rises whose run of evidence was broken once by a minute's restlessness (issue 3); 10 min
 * raised 3 more false alarms on the normal library, 15 min none (engineering compromise). */
const SLEEP_RR_ABSOLUTE_MS = 600_000;
const SLEEP_RR_RELATIVE_MS = 900_000;
/** Fast breathing at rest is a finding only when it persists long after any exertion: panting
 * after exercise or in a warm room is normal and fades over tens of minutes (clinical.md: a
 * high rate at rest, not after activity). 30 min of sustained settled tachypnea (engineering
 * value; the "call your vet today" advice does not need it sooner). */
const TACHYPNEA_MILD_MS = 1_800_000;
const TACHYPNEA_MARKED_MS = 1_200_000;
const BASELINE_SHIFT_MS = 300_000;
/** Sensor dropout (detectors/technical.ts). No vital sign at all for 5 min (every one of the last
 * 300 readings) while the collar is otherwise fine: shorter gaps are everyday collar life (the
 * Invoxia replay had 1,181 dropout alerts in 74 dog-hours with a 30-s rule, ~16 an hour, from
 * gaps of 20 s – 4 min between measurement windows). A collar whose housekeeping (activity,
 * battery) went silent too has failed: 30 such readings of the last 300, as before. Product
 * values. Resolves after 60 s of vital signs, so a collar that reads for 20 s between long
 * gaps keeps one alert open instead of raising a new one for every gap (hysteresis). */
const NO_VITALS_READINGS = 300;
const DEVICE_SILENT_READINGS = 30;
const DROPOUT_HOLD_MS = 60_000;

/** All kinds in a fixed order: per-pet state is kept in arrays indexed by this order. */
export const ALL_KINDS: readonly AlertKind[] = [...MEDICAL_KINDS, ...TECHNICAL_KINDS];

export const KIND_INDEX = Object.fromEntries(ALL_KINDS.map((k, i) => [k, i])) as Record<AlertKind, number>;

export const IS_MEDICAL: readonly boolean[] = ALL_KINDS.map((k) => categoryOf(k) === 'medical');

/**
 * | kind               | mild (L1)        | marked (L2)      | severe (L3)       | hold  |
 * | tachycardia        | warn 10 of 15    | warn 5 of 15     | critical at once  | 30 s  |
 * | bradycardia        | warn 25 of 30    | warn 10 of 30    | critical 5 of 30  | 30 s  |
 * | collapse           | –                | –                | critical 3 of 10  | 30 s  |
 * | seizure            | –                | –                | critical at once* | 30 s  |
 * | tachypnea          | warn 30/40 30min | warn 15/40 20min | –                 | 60 s  |
 * | sleeping_rr_rise   | warn 50/60 15min | warn 50/60 10min | –                 | 120 s |
 * | fever              | warn 30 of 40    | warn 15 of 40    | –                 | 60 s  |
 * | heat_stroke        | –                | warn 10 of 15    | critical 3 of 15  | 60 s  |
 * | hypothermia        | warn 30 of 40    | critical 15 of 40| critical 3 of 40  | 60 s  |
 * | baseline_deviation | warn 100/120 5min| –                | –                 | 60 s  |
 * | technical (info)   | collar_removed 20 of 30, poor_signal 50 of 60, low_battery 3 of 5,
 * |                    | sensor_dropout: no vitals 300 of 300, collar silent 30 of 300;         |
 * |                    | holds 10 s, 15 s, 0 s, 60 s                                            |
 *  * the seizure pattern itself needs ≥ 15 s of evidence in its 30-s window (detectors/seizure.ts)
 *  ** judged on a 60-reading rolling mean; L1 = > 35 % above own baseline (respiration.ts), L2 = over 30/min (dog)
 */
export const ALERT_POLICIES: Record<AlertKind, AlertPolicy> = {
  tachycardia: { kind: 'tachycardia', window: 15, tiers: [tier('warning', 10), tier('warning', 5), tier('critical', 1)], holdMs: 30_000, peak: 'max' },
  bradycardia: { kind: 'bradycardia', window: 30, tiers: [tier('warning', 25), tier('warning', 10), tier('critical', 5)], holdMs: 30_000, peak: 'min' },
  collapse: { kind: 'collapse', window: 10, tiers: [null, null, tier('critical', 3)], holdMs: 30_000, peak: 'min' },
  seizure: { kind: 'seizure', window: 10, tiers: [null, null, tier('critical', 1)], holdMs: 30_000, peak: 'max' },
  tachypnea: {
    kind: 'tachypnea',
    window: 40,
    tiers: [tier('warning', 30, TACHYPNEA_MILD_MS), tier('warning', 15, TACHYPNEA_MARKED_MS), null],
    holdMs: 60_000,
    peak: 'max',
  },
  sleeping_rr_rise: {
    kind: 'sleeping_rr_rise',
    window: 60,
    tiers: [tier('warning', 50, SLEEP_RR_RELATIVE_MS), tier('warning', 50, SLEEP_RR_ABSOLUTE_MS), null],
    holdMs: 120_000,
    peak: 'max',
  },
  fever: { kind: 'fever', window: 40, tiers: [tier('warning', 30), tier('warning', 15), null], holdMs: 60_000, peak: 'max' },
  heat_stroke: { kind: 'heat_stroke', window: 15, tiers: [null, tier('warning', 10), tier('critical', 3)], holdMs: 60_000, peak: 'max' },
  hypothermia: { kind: 'hypothermia', window: 40, tiers: [tier('warning', 30), tier('critical', 15), tier('critical', 3)], holdMs: 60_000, peak: 'min' },
  baseline_deviation: {
    kind: 'baseline_deviation',
    window: 120,
    tiers: [tier('warning', 100, BASELINE_SHIFT_MS), null, null],
    holdMs: 60_000,
    peak: 'none',
  },
  poor_signal: { kind: 'poor_signal', window: 60, tiers: [tier('info', 50), null, null], holdMs: 15_000, peak: 'min' },
  collar_removed: { kind: 'collar_removed', window: 30, tiers: [tier('info', 20), null, null], holdMs: 10_000, peak: 'none' },
  low_battery: { kind: 'low_battery', window: 5, tiers: [tier('info', 3), null, null], holdMs: 0, peak: 'min' },
  sensor_dropout: {
    kind: 'sensor_dropout',
    window: NO_VITALS_READINGS,
    tiers: [tier('info', NO_VITALS_READINGS), tier('info', DEVICE_SILENT_READINGS), null],
    holdMs: DROPOUT_HOLD_MS,
    peak: 'none',
  },
};

/** A continuing alert is re-published at most this often (sensor time), and only when its value
 * or peak changed, unless its severity changes: one long episode must not flood pet-alerts. */
export const UPDATE_MIN_INTERVAL_MS = 5_000;
/** Evidence older than this gap between judged readings is forgotten (a pet seen again after
 * a long silence starts its persistence count afresh). */
export const MAX_EVIDENCE_GAP_MS = 60_000;

export function severityRank(s: Severity): number {
  return s === 'critical' ? 3 : s === 'warning' ? 2 : 1;
}
