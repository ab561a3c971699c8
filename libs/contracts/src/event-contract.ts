/**
 * An event contract is a class with class-validator decorators on its fields and two statics:
 * its CloudEvents `type` (`de.amtsweg.<service>.<aggregate>.<verb>.v<N>`) and the `topic` of its
 * aggregate stream (`<service>.<aggregate>`). Payloads are validated when published and consumed.
 */
export interface EventContract<T extends object = object> {
  new (): T;
  readonly type: string;
  readonly topic: string;
}
