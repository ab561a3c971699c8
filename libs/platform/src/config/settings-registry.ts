/** A class whose fields are environment variables, each with its default and validation. */
export type SettingsClass<T extends object = object> = new () => T;

/** Which processes read a settings class: 'every service', or the one service (or the gateway) that does. */
export type SettingsScope = string;

const registry = new Map<SettingsClass, SettingsScope>();

/**
 * Declares a settings class and who reads it. `loadConfig` reads only declared classes, so the
 * list of every variable the code reads (and the operator's table checked against it,
 * docs/configuration.md) cannot miss one.
 */
export function Settings(scope: SettingsScope): ClassDecorator {
  return (target) => {
    registry.set(target as unknown as SettingsClass, scope);
  };
}

/** Who reads `settingsClass`, or undefined when it is not declared with `@Settings`. */
export function settingsScopeOf(settingsClass: SettingsClass): SettingsScope | undefined {
  return registry.get(settingsClass);
}

/**
 * Every settings class declared so far: those of the modules this process (or test) has imported.
 * @internal the configuration document's test reads it; production code asks settingsScopeOf.
 */
export function declaredSettings(): Array<{ scope: SettingsScope; settingsClass: SettingsClass }> {
  return [...registry].map(([settingsClass, scope]) => ({ scope, settingsClass }));
}
