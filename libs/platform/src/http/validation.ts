import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldProblem } from './problem';

/** Flattens class-validator's tree into `errors: [{ field: 'citizen.email', message }]`. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Strict: unknown fields are refused, types transformed, every problem named by its field. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      DomainError.badRequest('REQUEST.INVALID', 'Some fields of the request are missing or invalid.', fieldProblems(errors)),
  });
}
