// The boundaries the linter keeps (eslint.config.js): a process never imports
// another, a use case never imports a sibling, packages only through their
// entry. Each rule is shown failing on a deliberate violation, and the
// imports the layout allows are shown passing, so a config change that
// silently drops a rule (or forbids the normal shape) fails here.
import path from 'node:path';
import { expect } from 'chai';
import { ESLint } from 'eslint';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The messages of no-restricted-imports for `code` as if it were the file at `file`. */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint boundaries (eslint.config.js)', function () {
  this.timeout(60_000);

  it('refuses a service importing another service, by package or by path', async () => {
    const byPackage = await restricted(
      'services/leave/src/usecases/file-leave/index.ts',
      "import { start } from '@webitr/directory/service';\nexport const x = start;\n",
    );
    expect(byPackage.join('\n')).to.match(/A process never imports another/);
    const byPath = await restricted(
      'services/approval/src/domain/route.ts',
      "import { x } from '../../../leave/src/domain/form.ts';\nexport const y = x;\n",
    );
    expect(byPath.join('\n')).to.match(/A process never imports another one's files/);
    const gateway = await restricted(
      'gateway/src/access/people.ts',
      "import { start } from '@webitr/directory/service';\nexport const x = start;\n",
    );
    expect(gateway).to.have.length(1);
  });

  it('refuses a use case importing a sibling use case', async () => {
    const sibling = await restricted(
      'services/directory/src/usecases/create-unit/index.ts',
      "import { execute } from '../list-units/index.ts';\nexport const x = execute;\n",
    );
    expect(sibling.join('\n')).to.match(/never imports a sibling use case/);
  });

  it("refuses a package's files instead of its entry", async () => {
    const deep = await restricted(
      'services/leave/src/domain/form.ts',
      "import { x } from '@webitr/platform/src/errors.ts';\nexport const y = x;\n",
    );
    expect(deep.join('\n')).to.match(/through its entry/);
  });

  it('allows what the layout is made of: shared, domain, models, context, contracts and the platform', async () => {
    const allowed = await restricted(
      'services/leave/src/usecases/file-leave/index.ts',
      [
        "import { a } from '../shared/forms.ts';",
        "import { b } from '../../domain/form.ts';",
        "import { c } from '../../models/form.ts';",
        "import { d } from '../../context.ts';",
        "import { e } from '@webitr/contracts';",
        "import { f } from '@webitr/platform';",
        "import { g } from './helpers.ts';",
        'export const all = [a, b, c, d, e, f, g];',
      ].join('\n'),
    );
    expect(allowed).to.deep.equal([]);
  });

  it('leaves tests free to start other services (integration tests run the real ones)', async () => {
    const inTest = await restricted(
      'services/leave/test/harness.ts',
      "import { start } from '@webitr/directory/service';\nexport const x = start;\n",
    );
    expect(inTest).to.deep.equal([]);
  });
});
