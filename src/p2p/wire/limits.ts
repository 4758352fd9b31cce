// Size and count limits of the request/response protocols, after geth's eth handler (eth/protocols/eth). Both
// sides use them: the decoders refuse anything larger, the server never builds anything larger.

/** No message, request or response, may be larger than this (geth's maxMessageSize). */
export const MAX_MESSAGE_SIZE = 10 * 1024 * 1024;

/**
 * A server stops adding items once its reply has passed this size (geth's softResponseLimit): replies stay small
 * enough to stream quickly, and the last item may take it a little over.
 */
export const SOFT_RESPONSE_SIZE = 2 * 1024 * 1024;

/** The most hashes (or headers) one request may ask for; a longer request is malformed. */
export const MAX_REQUEST_ITEMS = 1024;

/** The most items of each kind a server puts in one reply (geth's maxHeadersServe, maxBodiesServe, ...). */
export const MAX_HEADERS_SERVE = 1024;
export const MAX_BODIES_SERVE = 1024;
export const MAX_RECEIPTS_SERVE = 1024;
export const MAX_POOLED_TRANSACTIONS_SERVE = 1024;

/**
 * How long a requester should wait for a whole response before giving up on the peer (enforced by the transport).
 * A full reply is at most 10 MiB, which a slow but honest link still delivers in this time.
 */
export const REQUEST_TIMEOUT_MS = 15_000;
