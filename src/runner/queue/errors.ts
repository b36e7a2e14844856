/** Errors of distributed execution, each named so a script (or a test) can tell them apart. */
import { LatentcheckError } from '../../core/errors.ts';

/** Redis did not answer at the given address (nothing was enqueued). */
export class QueueUnreachableError extends LatentcheckError {
  override name = 'QueueUnreachableError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`queue: cannot reach Redis at ${url} (${reason}); start one (e.g. \`redis-server --port 6379\`) or pass the address of a running one`);
  }
}

/** A job was made by another latentcheck version than the worker that took it; the worker refused it. */
export class VersionMismatchError extends LatentcheckError {
  override name = 'VersionMismatchError';
  constructor(
    readonly jobVersion: string,
    readonly workerVersion: string,
  ) {
    super(`version mismatch: the job was enqueued by latentcheck ${jobVersion}, this worker is latentcheck ${workerVersion}; run workers of the same version as the run`);
  }
}

/** A worker refused a job for good (bad job data, unknown theorem or property, version mismatch): no retry helps. */
export class JobRefusedError extends LatentcheckError {
  override name = 'JobRefusedError';
  constructor(
    readonly jobId: string,
    readonly reason: string,
  ) {
    super(`queue job ${jobId} was refused by a worker: ${reason}`);
  }
}
