/**
 * The options' defaults and bounds, in one leaf module (it imports nothing): the editor's
 * descriptions show them, the settings readers fall back on them, the retry policy starts from them.
 */

/** n8n's HTTP client gives up after 5 minutes by default; slow models need longer. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** The longest wait a timer can hold (2³¹−1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 256;

export const DEFAULT_MAX_RETRIES = 3;
export const MAX_RETRIES = 100;
/** The most one item may spend waiting between its attempts (5 minutes). */
export const DEFAULT_MAX_TOTAL_WAIT_MS = 5 * 60_000;
/** Backoff before the first retry when the server gives no wait; doubles each retry. */
export const DEFAULT_RETRY_DELAY_MS = 1000;
/** Cap of one backoff step when the server gives no wait. */
export const MAX_RETRY_STEP_MS = 60_000;

/** Embeddings: texts per request. TEI takes 32 unless started otherwise (max_client_batch_size). */
export const DEFAULT_BATCH_SIZE = 32;
export const MAX_BATCH_SIZE = 2048;
/** Embeddings and rerank batches in flight at once for one call (TEI's own default limit is 512). */
export const DEFAULT_RETRIEVAL_CONCURRENCY = 8;
/** Reranker: documents kept. */
export const DEFAULT_TOP_N = 3;
