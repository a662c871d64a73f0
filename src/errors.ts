/**
 * The one error catalogue. Every error the product raises on purpose is declared here with a
 * stable code, an HTTP status where it reaches the API, and whether retrying can help.
 */
export const ERRORS = {
  CONFIG_INVALID: { status: 500, canRetry: false },
  JAVA_MISSING: { status: 500, canRetry: false },
  MAVEN_MISSING: { status: 500, canRetry: false },
  BROKER_START_FAILED: { status: 500, canRetry: true },
  BROKER_UNREACHABLE: { status: 503, canRetry: true },
  BROKER_NOT_RUNNING: { status: 500, canRetry: false },
  BROKER_OWNED: { status: 409, canRetry: false },
  API_UNREACHABLE: { status: 503, canRetry: true },
  KAFKA_OPERATION_FAILED: { status: 503, canRetry: true },
  STORAGE_FAILED: { status: 500, canRetry: true },
  BAD_REQUEST: { status: 400, canRetry: false },
  PET_NOT_FOUND: { status: 404, canRetry: false },
  PET_EXISTS: { status: 409, canRetry: false },
  ALERT_NOT_FOUND: { status: 404, canRetry: false },
  ALERT_ALREADY_RESOLVED: { status: 409, canRetry: false },
  SCENARIO_UNKNOWN: { status: 400, canRetry: false },
  INPUT_FILE_INVALID: { status: 400, canRetry: false },
} as const satisfies Record<string, { status: number; canRetry: boolean }>;

export type ErrorCode = keyof typeof ERRORS;

export class PetTwinError extends Error {
  readonly code: `PETTWIN_${ErrorCode}`;
  readonly status: number;
  readonly canRetry: boolean;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PetTwinError';
    this.code = `PETTWIN_${code}`;
    this.status = ERRORS[code].status;
    this.canRetry = ERRORS[code].canRetry;
  }
}

export function isPetTwinError(err: unknown): err is PetTwinError {
  return err instanceof PetTwinError;
}
