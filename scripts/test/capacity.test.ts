import { expect } from 'chai';
import { ASSUMPTIONS, capacityMarkdown, documentedTable, model } from '../capacity.ts';

describe('capacity model (docs/capacity.md)', () => {
  it('holds in docs/capacity.md exactly the table scripts/capacity.ts computes (run `npm run capacity -- --write` after a change)', () => {
    expect(documentedTable()).to.equal(capacityMarkdown());
  });

  it('scales the load with the people and never sizes a process below its minimum of instances', () => {
    const school = model(100);
    const city = model(70_000);
    expect(city.callsPerSecond / school.callsPerSecond).to.be.closeTo(700, 1e-6);
    expect(city.punchesPerSecond / school.punchesPerSecond).to.be.closeTo(700, 1e-6);
    for (const m of [school, city])
      for (const p of [m.gateway, m.pageServices, m.punch, m.leave]) expect(p.instances).to.be.at.least(ASSUMPTIONS.minInstances);
    // Ten times the city's gateway load needs more than the minimum.
    expect(model(700_000).gateway.instances).to.be.greaterThan(ASSUMPTIONS.minInstances);
  });
});
