import { IsString } from 'class-validator';
import { ConfigurationError, loadConfig } from './platform-config';
import { declaredSettings, Settings, settingsScopeOf } from './settings-registry';

describe('loadConfig', () => {
  it('binds to every interface unless HOST names one (blank counts as unset)', () => {
    expect(loadConfig({}).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '  ' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: ' 127.0.0.1 ' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::' }).HOST).toBe('::');
  });

  it('trusts only this host as a proxy unless TRUST_PROXY says otherwise, and refuses what is no proxy list', () => {
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: ' 2 ' }).trustProxy).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY="everyone"/);
  });

  it('stops on a bad value with one line naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^invalid configuration:\n {2}PORT="eighty": /);
  });

  it('reads a service settings class declared with @Settings, and knows who reads it', () => {
    @Settings('a test service')
    class TestServiceConfig {
      @IsString() TEST_SERVICE_GREETING = 'hello';
    }
    expect(loadConfig({ TEST_SERVICE_GREETING: 'moin' }, TestServiceConfig).TEST_SERVICE_GREETING).toBe('moin');
    expect(settingsScopeOf(TestServiceConfig)).toBe('a test service');
    expect(declaredSettings()).toContainEqual({ scope: 'a test service', settingsClass: TestServiceConfig });
  });

  it('refuses a settings class not declared with @Settings (the operator table could not list its variables)', () => {
    class UndeclaredConfig {
      @IsString() UNDECLARED_GREETING = 'hello';
    }
    expect(() => loadConfig({}, UndeclaredConfig)).toThrow('UndeclaredConfig is not declared with @Settings(scope)');
  });
});
