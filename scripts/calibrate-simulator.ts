/**
 * Prints the figures hard-coded in src/simulator/calibration.ts, computed from the real dogs of
 * the Invoxia Dog Health Vitals dataset (Jarkoff, Lorre & Humbert 2023, Zenodo 8020390,
 * doi:10.5281/zenodo.8020390, CC BY 4.0).
 *
 *   node --import tsx scripts/calibrate-simulator.ts [path/to/dataset.csv]
 *
 * Default path: ../shared/data/invoxia-dog-vitals/dataset.csv relative to the repository.
 */
import { fileURLToPath } from 'node:url';
import { invoxiaDogs, readInvoxiaFile, type InvoxiaSession } from '../src/simulator/invoxia.ts';
import { linearFit, mean, median, sd, summarize } from '../src/simulator/stats.ts';
import { createPetSimulator } from '../src/simulator/pet-model.ts';

const path =
  process.argv[2] ?? fileURLToPath(new URL('../../shared/data/invoxia-dog-vitals/dataset.csv', import.meta.url));
const sessions = readInvoxiaFile(path);
const dogs = [...invoxiaDogs(sessions).values()];
const f = (x: number, d = 2) => x.toFixed(d);
const line = (label: string, s: ReturnType<typeof summarize>) =>
  console.log(
    `${label.padEnd(34)} ${s ? `n=${s.n} p5=${f(s.p5, 1)} median=${f(s.median, 1)} p95=${f(s.p95, 1)} mean=${f(s.mean, 1)} sd=${f(s.sd, 2)}` : 'none'}`,
  );

console.log(`file: ${path}`);
console.log(`sessions: ${sessions.length}, dogs: ${dogs.length}`);
const weights = dogs.flatMap((d) => (d.weightKg === null ? [] : [d.weightKg]));
line('dog weight (kg)', summarize(weights));
line('dog age (years)', summarize(dogs.flatMap((d) => (d.ageYears === null ? [] : [d.ageYears]))));

for (const vital of ['heartRate', 'respiratoryRate'] as const) {
  const seg = (s: InvoxiaSession) => (vital === 'heartRate' ? s.segmentsHr : s.segmentsBr);
  console.log(`\n== ${vital} ==`);
  line('pooled windows', summarize(sessions.flatMap((s) => seg(s).map((g) => g.value))));
  const withStats = dogs.filter((d) => d[vital] !== null && d.weightKg !== null);
  const medians = withStats.map((d) => d[vital]!.median);
  line('per-dog medians', summarize(medians));
  console.log(`per-dog median range              ${f(Math.min(...medians), 1)}–${f(Math.max(...medians), 1)}`);
  const lnW = withStats.map((d) => Math.log(d.weightKg!));
  const lnM = medians.map((m) => Math.log(m));
  const free = linearFit(lnW, lnM);
  console.log(
    `ln(median) = a + b·ln(kg), free     a=${f(free.a, 3)} b=${f(free.b, 3)} residual sd (ln)=${f(free.residualSd, 3)}`,
  );
  const exponent = vital === 'heartRate' ? -0.25 : -0.26; // Stahl 1967 allometric exponents
  const lnK = lnM.map((m, i) => m - exponent * lnW[i]!);
  console.log(
    `median = k·kg^${exponent} (Stahl)        k=${f(Math.exp(mean(lnK)), 1)} between-dog sd (ln)=${f(sd(lnK), 3)}`,
  );
  line('within-dog sd (all windows)', summarize(withStats.map((d) => d[vital]!.sd)));
  const withinSession: number[] = [];
  const betweenSession: number[] = [];
  for (const d of withStats) {
    const own = sessions.filter((s) => s.petId === d.petId && seg(s).length >= 3);
    for (const s of own) withinSession.push(sd(seg(s).map((g) => g.value)));
    const sessionMedians = own.map((s) => median(seg(s).map((g) => g.value)));
    if (sessionMedians.length >= 3) betweenSession.push(sd(sessionMedians));
  }
  line('within-session sd (>=3 windows)', summarize(withinSession));
  line('between-session sd of medians', summarize(betweenSession));
}
const bad = dogs.map((d) => d.badEcgFraction);
line('\nbad-ECG share of time per dog', summarize(bad));

// Check: simulate copies of each real dog (same weight and age; different random pets drawn from
// the calibrated population) for a day, and compare their resting/sleeping readings
// (activity < 0.15, signal quality >= 0.7) with the real windows above.
const DAY_MS = 86_400_000;
const COPIES = 8;
const simHr: number[] = [];
const simRr: number[] = [];
const simDogMedians: number[] = [];
for (const [i, d] of dogs.entries()) {
  for (let copy = 0; copy < COPIES; copy++) {
    const profile = {
      id: `invoxia-${d.petId}`,
      name: d.petId,
      species: 'dog' as const,
      breed: d.breed,
      weightKg: d.weightKg ?? 20,
      ageYears: d.ageYears ?? 4,
    };
    const sim = createPetSimulator(profile, 2023, { stream: i * COPIES + copy });
    const own: number[] = [];
    for (let ts = Date.UTC(2024, 0, 1); ts < Date.UTC(2024, 0, 1) + DAY_MS; ts += 20_000) {
      const r = sim.next(ts);
      if (r.activity === null || r.activity >= 0.15 || (r.signalQuality ?? 0) < 0.7) continue;
      if (r.heartRate !== null) own.push(r.heartRate);
      if (r.respiratoryRate !== null) simRr.push(r.respiratoryRate);
    }
    simHr.push(...own);
    simDogMedians.push(median(own));
  }
}
console.log(`\n== ${COPIES} simulated copies of each dog, 24 h each, activity < 0.15 ==`);
line('simulated HR', summarize(simHr));
line('simulated per-dog HR medians', summarize(simDogMedians));
line('simulated RR', summarize(simRr));
