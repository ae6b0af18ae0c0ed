/**
 * Typed errors of the domain and the API. `code` is stable (clients switch on it) and names the
 * i18n key `errors.<code>`; `params` fill that message. One HTTP middleware and one chat error
 * boundary render them.
 */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    public readonly params: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? code);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(public readonly issues: string[]) {
    super('validation_failed', 400, { details: issues.join('; ') }, issues.join('; '));
  }
}
export class NotFoundError extends AppError {
  constructor(what: string, params: Record<string, unknown> = {}) {
    super(`${what}_not_found`, 404, params);
  }
}
export class ForbiddenError extends AppError {
  constructor(code = 'forbidden', params: Record<string, unknown> = {}) {
    super(code, 403, params);
  }
}
export class UnauthorizedError extends AppError {
  constructor() {
    super('unauthorized', 401);
  }
}
export class ConflictError extends AppError {
  constructor(code = 'conflict', params: Record<string, unknown> = {}) {
    super(code, 409, params);
  }
}
/** The requested transition is not allowed from the ticket's state, or not for this actor. */
export class TransitionError extends AppError {
  constructor(
    code: 'transition_not_allowed' | 'transition_forbidden' | 'transition_guard',
    params: Record<string, unknown>,
  ) {
    super(code, code === 'transition_forbidden' ? 403 : 409, params);
  }
}
