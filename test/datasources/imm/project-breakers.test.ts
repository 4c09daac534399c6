import type { CircuitState } from '../../../src/datasources/imm/circuit-breaker';
import { ProjectBreakers } from '../../../src/datasources/imm/project-breakers';

describe('ProjectBreakers', () => {
  it('opens one project without touching another, and reports the worst state', () => {
    const worst: CircuitState[] = [];
    const breakers = new ProjectBreakers({ failureThreshold: 2, cooldownMs: 1000, onStateChange: (s) => worst.push(s) });

    breakers.for('bad').onFailure();
    breakers.for('good').onSuccess();
    breakers.for('bad').onFailure();

    expect(breakers.for('bad').tryAcquire()).toBe(false);
    expect(breakers.for('good').tryAcquire()).toBe(true);
    expect(breakers.state).toBe('open');
    expect(breakers.allOpen()).toBe(false);
    expect(worst).toEqual(['open']);
  });

  it('remembers at most maxProjects, dropping closed ones first', () => {
    const breakers = new ProjectBreakers({ failureThreshold: 1, cooldownMs: 1000, maxProjects: 2 });
    breakers.for('failing').onFailure();
    breakers.for('a').onSuccess();

    // A third project evicts the closed one, not the open one.
    breakers.for('b');

    expect(breakers.for('failing').tryAcquire()).toBe(false);
    expect(breakers.allOpen()).toBe(false);
  });

  it('fails fast on a bad threshold, naming it', () => {
    expect(() => new ProjectBreakers({ failureThreshold: 0, cooldownMs: 1 })).toThrow('failureThreshold must be a positive integer: 0');
  });
});
