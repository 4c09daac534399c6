const slots: Float32Array<ArrayBuffer>[] = [];

/**
 * A reusable float buffer of `length` for intermediate rasters (luma, its half and quarter),
 * grown when a larger image comes and otherwise kept. A fresh megabyte-sized typed array costs
 * a page fault per 4 KB on first write, which on the bench machine made converting to luma
 * 8x slower than the arithmetic; reusing the pages removes that. The contents are valid only
 * until the next call for the same slot: the scorer computes every feature synchronously, so
 * no other image can take the slot meanwhile, and nothing read from it outlives the call.
 */
export function scratch(slot: number, length: number): Float32Array<ArrayBuffer> {
  let buffer = slots[slot];
  if (!buffer || buffer.length < length) {
    buffer = new Float32Array(length);
    slots[slot] = buffer;
  }
  return buffer.subarray(0, length);
}
