import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

export interface S3Server {
  endpoint: string;
  close(): Promise<void>;
}

/** Runs in the child: starts s3rver with the options given, then prints the address it bound. */
const CHILD = `
const S3rver = require(process.argv[1]);
new S3rver(JSON.parse(process.argv[2])).run().then((addr) => console.log(JSON.stringify(addr)));
`;

/**
 * s3rver, a real S3 protocol server, on a free local port. It runs in a process of its own
 * because its ListObjectsV2 continuation tokens are DES-encrypted, which OpenSSL 3 refuses
 * without `--openssl-legacy-provider`: in the test's process, listing past the first page
 * would fail with InternalError.
 */
export async function startS3Server(opts: { directory: string; buckets: string[] }): Promise<S3Server> {
  const options = { address: '127.0.0.1', port: 0, silent: true, directory: opts.directory, configureBuckets: opts.buckets.map((name) => ({ name })) };
  const s3rver = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD, s3rver, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit');
  const firstLine = once(createInterface({ input: child.stdout }), 'line') as Promise<[string]>;
  const started = await Promise.race([firstLine, exited.then(() => null)]);
  if (!started) throw new Error(`s3rver exited before listening: ${stderr}`);
  const { port } = JSON.parse(started[0]) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
