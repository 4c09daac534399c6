/**
 * Test-only scorer worker: the production worker (compiled, from dist/), except that an image
 * whose bytes start with EXIT_MARKER kills this worker thread while its decode is under way.
 * The pool runs it through ScorerPoolOptions.workerFilename; production never loads it.
 */
const { default: scoreTask } = require('../../../dist/src/scoring/pool/score.worker.js');

const EXIT_MARKER = 'EXIT-WORKER';

module.exports = async function exitMidImage(task) {
  const head = Buffer.from(task.bytes, 0, Math.min(task.bytes.byteLength, EXIT_MARKER.length));
  if (head.toString('latin1') !== EXIT_MARKER) return scoreTask(task);
  // Skip the marker so sharp decodes a real image, then die while it is decoding.
  const scoring = scoreTask({ ...task, bytes: task.bytes.slice(EXIT_MARKER.length) });
  setImmediate(() => process.exit(7));
  return scoring;
};
module.exports.EXIT_MARKER = EXIT_MARKER;
