/** RFC 9457 problem details, as every amtsweg API answers errors. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  correlationId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every status a problem can have; the web client has a text for each (tests/proof/problem-texts.spec.ts).
 * @internal read by that test only: knip's production check allows it
 */
export const PROBLEM_STATUSES: readonly number[] = Object.keys(TITLES).map(Number);

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/**
 * A failure the caller can act on. Use cases throw these with a stable `code`
 * (`BOOKING.SLOT_TAKEN`); the problem filter turns them into problem+json.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
    /** Extra top-level members of the problem (RFC 9457 extensions), e.g. what exactly was refused. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  static badRequest(code: string, detail: string, errors?: FieldProblem[]): DomainError {
    return new DomainError(400, code, detail, errors);
  }
  static notFound(code: string, detail: string): DomainError {
    return new DomainError(404, code, detail);
  }
  static conflict(code: string, detail: string): DomainError {
    return new DomainError(409, code, detail);
  }
  static unprocessable(code: string, detail: string, errors?: FieldProblem[]): DomainError {
    return new DomainError(422, code, detail, errors);
  }
  static forbidden(code: string, detail: string): DomainError {
    return new DomainError(403, code, detail);
  }
  static unauthorized(code: string, detail: string): DomainError {
    return new DomainError(401, code, detail);
  }
}
