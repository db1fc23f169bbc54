import { useSandbox } from '../helpers/sandbox';
import { runHuma, TestCredentialsHelper } from './harness';
const sandbox = useSandbox({ users: 1000 });
it('prof', async () => {
  const c = new TestCredentialsHelper();
  c.store.set('cred-1', { environment: 'custom', baseUrl: sandbox().url, ...sandbox().credentials, accessToken: '' });
  const ids = [...sandbox().sandbox.store.users.keys()].map((id) => ({ id }));
  await runHuma(c, { resource: 'user', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, simplify: false }, ids.slice(0, 50));
  const t = Date.now();
  const r = await runHuma(c, { resource: 'user', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, simplify: false }, ids);
  process.stdout.write(`ELAPSED ${Date.now() - t} ${r.items.length} ${r.error?.message}\n`);
}, 60000);
