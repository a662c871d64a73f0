/**
 * Ports on 127.0.0.1 for the local broker: whether one is answering, and free runs of them for the
 * throw-away brokers and servers of tests and benchmarks.
 */
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { PetTwinError } from '../errors.ts';

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      s.destroy();
      done(ok);
    };
    s.setTimeout(timeoutMs, () => finish(false));
    s.once('connect', () => finish(true));
    s.once('error', () => finish(false));
  });
}

/** True when this process can bind 127.0.0.1:port right now (nothing listens on it and no
 * connection holds it as its local port). */
function canBind(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => srv.close(() => done(true)));
  });
}

/** The lowest port the kernel hands to outgoing connections (Linux; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

/**
 * `count` consecutive free ports on 127.0.0.1, for a throw-away broker (port, controller = port + 1,
 * and any extra listener) or server in tests and benchmarks. Picked below the kernel's ephemeral range, so
 * a busy machine's outgoing connections cannot take one between the check and Kafka's bind (a CI
 * run lost its SASL broker to "exited with code 1" that way).
 */
export async function freeLocalPorts(count = 2): Promise<number> {
  const lo = 20000;
  const hi = ephemeralLow() - count > lo + 1000 ? ephemeralLow() - count : 60000;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const p = lo + Math.floor(Math.random() * (hi - lo));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await canBind(p + i);
    if (free) return p;
  }
  throw new PetTwinError('BROKER_START_FAILED', `found no ${count} free consecutive ports between ${lo} and ${hi} on 127.0.0.1`);
}

/** The KRaft controller listens on port + 1: taken, Kafka would exit with a bind error. */
export async function assertControllerPortFree(port: number): Promise<void> {
  if (await portOpen(port + 1)) {
    throw new PetTwinError(
      'BROKER_START_FAILED',
      `port ${port + 1} (the local broker's controller, LOCAL_KAFKA_PORT + 1) is already in use by another program: set LOCAL_KAFKA_PORT to a port whose next port is free too`,
    );
  }
}
