/**
 * Numbers the simulated pets are drawn from. Dog heart and breathing rates at rest/sleep are
 * fitted to 32 real healthy dogs (891 sessions) of the Invoxia Dog Health Vitals dataset:
 * Jarkoff H., Lorre G., Humbert E. (2023), Zenodo 8020390, doi:10.5281/zenodo.8020390,
 * CC BY 4.0; paper bioRxiv doi:10.1101/2023.06.09.544347.
 * Reproduce every Invoxia figure below with:
 *   node --import tsx scripts/calibrate-simulator.ts
 * Figures as printed (HR in bpm, RR in breaths/min; "ln sd" = sd of the natural log):
 *   pooled HR windows  n=12497 p5=45.0 median=60.0 p95=81.9
 *   per-dog HR medians p5=47.0 median=59.4 p95=76.2, range 42.4–81.8 (weights 9–42 kg)
 *   ln(HR) vs ln(kg) free fit slope −0.111 (residual ln sd 0.157); with Stahl's −0.25
 *     exponent k=126.9, between-dog ln sd 0.164 (barely worse, so the data do not reject it)
 *   HR within-session sd median 3.0; between-session sd of a dog's medians, median 4.4
 *   pooled RR windows  n=7660 p5=8.2 median=12.5 p95=22.5
 *   per-dog RR medians median 12.6, range 9.2–29.2; slope vs ln(kg) −0.028 (none),
 *     between-dog ln sd 0.268
 *   RR within-session sd median 0.8; between-session sd of a dog's medians, median 2.7
 *   bad-ECG share of recorded time per dog: median 0.1, p95 0.6
 * The same script then simulates 8 copies of each real dog (same weight and age) for 24 h and
 * compares readings at activity < 0.15: HR p5/median/p95 42/60/87 (real 45/60/82), per-dog HR
 * medians 44/60/81 (real 47/59/76), RR 7.1/13.2/29.7 (real 8.2/12.5/22.5: the simulated tail is
 * dogs still panting after exercise, which the calm Invoxia recordings do not contain).
 * Everything else cites ../shared/reference/clinical.md or says it is an assumption.
 */

/**
 * Dog resting heart rate (home rest/sleep mixture, as in Invoxia) = k · weightKg^exponent.
 * Exponent: allometric scaling of mammalian heart rate, Stahl W.R. (1967) J Appl Physiol
 * 22:453 (f = 241·M^−0.25 in clinic conditions); the Invoxia range 9–42 kg is too narrow to
 * fit the exponent (free fit −0.11), so we keep the allometric shape and fit the level k to
 * the real dogs. Gives ~96 bpm at 3 kg, ~71 at 10 kg, ~54 at 30 kg, ~45 at 60 kg: small dogs
 * higher, large dogs inside the Invoxia per-dog range 42–82.
 */
export const DOG_HR = {
  k: 126.9,
  exponent: -0.25,
  /** Between-dog spread around the weight curve (ln sd, Invoxia 0.164); sampled within ±2 sd. */
  betweenLnSd: 0.164,
  /** Slow within-dog variation, ln sd: between-session sd of a dog's medians (Invoxia median
   * 4.4 bpm) over the pooled median 60. */
  slowLnSd: 4.4 / 60,
  /** Reading-to-reading variation at rest (within-session sd, Invoxia median 3.0). */
  shortSd: 3.0,
  /** Clamp for sampled resting rates: the lowest Invoxia per-dog median is 42.4. */
  min: 42,
  max: 140,
} as const;

/** Young animals rest faster: factor at birth, falling linearly to 1 at one year. Kittens use
 * its square root on the cat median (assumption; they stay inside the cat range 140–220). */
export const PUPPY_HR_FACTOR_AT_BIRTH = 1.7;

/**
 * Puppies (dogs under a year): resting heart rate 120–200 bpm (clinical.md: kennelwood.com normal
 * vital signs, blog.vetdepot.com). Scaling the adult weight curve by an age factor put a 14-kg,
 * 6-month puppy at ~88 bpm, far below that range, and made healthy sleeping puppies look
 * bradycardic. Median 150 with the cat-like spread below, clamped to the published range
 * (assumption within the range; no resting collar data for puppies).
 */
export const PUPPY_HR = { median: 150, betweenLnSd: 0.08, slowLnSd: 4.4 / 60, shortSd: 3.0, min: 120, max: 200 } as const;

/**
 * Cat resting heart rate: clinical.md gives 140–220 (some sources 120–170). Home rest/sleep sits
 * at the low end: median 165, ln sd 0.08, clamped 140–200 (assumption within that range).
 */
export const CAT_HR = { median: 165, betweenLnSd: 0.08, slowLnSd: 0.04, shortSd: 4, min: 140, max: 200 } as const;

/**
 * Dog resting/sleeping breathing rate: Invoxia per-dog median 12.6 with no weight trend, ln sd
 * 0.268; slow within-dog ln sd 2.7 / 12.6. Clamped to 8–23: no healthy dog's mean sleeping RR is
 * above 23 (Rishniw et al. 2012, clinical.md).
 */
export const DOG_RR = { median: 12.6, betweenLnSd: 0.268, slowLnSd: 2.7 / 12.6, shortSd: 0.8, min: 8, max: 23 } as const;

/**
 * Asleep, the slow breathing wander is this fraction of the awake-resting one (ln sd 0.214 →
 * 0.1). The Invoxia between-session spread (above) comes from calm but mostly awake dogs: in the
 * dataset, sessions under 15 min apart already differ by 30 % rms (ln), so it mixes awake
 * sniffing, settling and sleep. Sleeping breathing is the steady measure vets rely on:
 * Rishniw et al. 2012 (clinical.md; Res Vet Sci 93:965) found no healthy dog with a mean
 * sleeping rate above 23 and only 3 of 114 dogs with any one-minute count above 30 in 12–14
 * counts each (~0.2 % of counts), and healthy dogs "rarely exceed this rate at any time". With
 * the awake wander applied asleep, a simulated dog sleeping at 21/min spent ~6 % of its sleep
 * above 30 and healthy dogs routinely sat 25 % above their own sleeping mean for 20 min, which
 * the cardiology guides' "> 25 % above the pet's own baseline" rule would not survive. At ln sd
 * 0.1 the simulated population has ~0.05 % of sleeping minutes above 30 (same order as
 * Rishniw's 0.2 %, on the quiet side). The fraction itself is an assumption within that bound.
 */
export const SLEEP_RR_DRIFT_FRACTION = 0.1 / (2.7 / 12.6);

/** Cat breathing rate at rest 20–40 (clinical.md, petsvetcheck.de); healthy sleeping below ~30. */
export const CAT_RR = { median: 24, betweenLnSd: 0.15, slowLnSd: 0.1, shortSd: 1.2, min: 16, max: 32 } as const;

/**
 * Invoxia readings mix rest and sleep. Asleep is lower, awake-resting higher; the split is kept
 * small (the slow within-dog variation above already holds most of it) and chosen so that the
 * simulated mixture keeps the Invoxia median (check in the script); sleeping RR mean stays near
 * 13 (Rishniw et al. 2012: mean 13/min, clinical.md).
 */
export const SLEEP_FACTOR = { hr: 0.95, rr: 0.93 } as const;
export const REST_FACTOR = { hr: 1.04, rr: 1.07 } as const;

/** Body temperature: dog 37.5–39.0, cat 38.0–39.5 (clinical.md, petsvetcheck.de). */
export const TEMPERATURE = {
  dog: 38.5,
  cat: 38.6,
  /** Between-pet offset sd, clamped ±0.3 so every pet stays in the normal range. */
  betweenSd: 0.15,
  /** Lowest normal body temperature (the same source): a healthy pet's target never sinks
   * below it plus 0.2 °C, whatever its offset, drift and sleep dip add up to. They used to add
   * up to 37.95 in a sleeping cat, which is hypothermia by the same table (issue 3). */
  normalLow: { dog: 37.5, cat: 38.0 },
  normalLowMargin: 0.2,
  /** Slow drift (Ornstein–Uhlenbeck) sd and time constant: an assumption, small by design. */
  driftSd: 0.1,
  driftTauS: 2 * 3600,
} as const;

/**
 * HRV as RMSSD (ms). Dogs: 24 h Holter RMSSD 165 ± 62 ms, higher asleep (Hasegawa et al. 2024,
 * clinical.md). Cats: no source in clinical.md; assumed lower (~50 ms) because of their faster
 * heart rate.
 */
export const HRV = { dog: { mean: 165, sd: 55 }, cat: { mean: 50, sd: 15 }, min: 20, max: 400 } as const;

/**
 * Motion artefacts: a collar lost heart rate for 43 % of a 24 h recording (Gunasekaran & Sanders,
 * J Vet Cardiol 2024, clinical.md), mostly during movement; Invoxia flags ~10 % (median dog) of
 * resting time as poor ECG. Probabilities per reading.
 */
export const ARTEFACT = {
  hrNullAtRest: 0.04,
  /** Added to the null probability at full activity (scaled by activity^1.5). */
  hrNullAtFullActivity: 0.55,
  /** Plausible-looking but wrong HR (spike or halving) per reading, at rest and at full activity. */
  hrJumpAtRest: 0.005,
  hrJumpAtFullActivity: 0.08,
  rrNullAtRest: 0.04,
  rrNullAtFullActivity: 0.6,
} as const;

/** Short dropouts (everything null): mean gap between them and duration range. Assumption. */
export const DROPOUT = { meanGapS: 45 * 60, minS: 2, maxS: 8 } as const;

/** Battery: most collars lose a few % a day, a few (10 %) drain much faster. Assumption. */
export const BATTERY = {
  normalPctPerDay: [2, 5],
  fastPctPerDay: [15, 30],
  fastShare: 0.1,
  initialPct: [35, 100],
} as const;

/** Indoor ambient temperature (°C): a collar off the pet settles here. Some pets live hot. */
export const AMBIENT = { meanC: 23.5, sdC: 1.2, dailyAmplitudeC: 2.5, hotShare: 0.1, hotMeanC: 29 } as const;
