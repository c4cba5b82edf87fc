/*
 * accord_sha256: SHA-256 of short inputs for the transparency log (src/tlog/sha256-native.ts).
 *
 * Why this exists: an RFC 6962 append hashes a leaf and, on average, one 65-byte interior node. Node's
 * crypto.hash costs about 600 ns a call on such inputs, almost all of it the JavaScript-to-OpenSSL call
 * path rather than the hashing, while SHA-256 of 65 bytes itself takes well under 100 ns on a CPU with SHA
 * instructions. This addon keeps the call as thin as N-API allows: JavaScript writes the input into a
 * scratch buffer it shares with C, calls digest(length) with one integer, and reads the 32-byte digest back
 * from the same buffer. Nothing is allocated per call.
 *
 * The hashing is OpenSSL's, the copy that Node itself links and exports to addons, through the low-level
 * SHA256_Init/Update/Final functions: OpenSSL 3's one-shot SHA256() looks the algorithm up through its
 * provider layer on every call, which costs more than the hash. They are deprecated in OpenSSL 3 in favour
 * of EVP, but EVP's per-call cost is what this addon exists to avoid; they remain in OpenSSL 3's API.
 *
 * The scratch buffer belongs to one JavaScript environment (main thread or worker), so concurrent workers
 * never share it.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <node_api.h>
#include <openssl/sha.h>
#include <stdlib.h>

/* Input bytes at [0, INPUT_MAX); the digest is written at [INPUT_MAX, INPUT_MAX + 32). */
#define INPUT_MAX 4096
#define DIGEST_SIZE 32

/* Freed when the environment ends, not when the ArrayBuffer is collected: digest() keeps using it. */
static void free_scratch(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

/* digest(length): SHA-256 of scratch[0, length) into scratch[INPUT_MAX, INPUT_MAX + 32). */
static napi_value digest(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  unsigned char *scratch;
  uint32_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&scratch) != napi_ok || argc < 1 ||
      napi_get_value_uint32(env, argv[0], &length) != napi_ok || length > INPUT_MAX) {
    napi_throw_range_error(env, NULL, "digest(length) takes a length from 0 to 4096");
    return NULL;
  }
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, scratch, length);
  SHA256_Final(scratch + INPUT_MAX, &ctx);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  unsigned char *scratch = calloc(1, INPUT_MAX + DIGEST_SIZE);
  if (scratch == NULL) {
    napi_throw_error(env, NULL, "accord_sha256: out of memory");
    return NULL;
  }
  napi_value buffer, fn, max;
  if (napi_set_instance_data(env, scratch, free_scratch, NULL) != napi_ok) {
    free(scratch);
    napi_throw_error(env, NULL, "accord_sha256: could not set up the module");
    return NULL;
  }
  if (napi_create_external_arraybuffer(env, scratch, INPUT_MAX + DIGEST_SIZE, NULL, NULL, &buffer) != napi_ok ||
      napi_create_function(env, "digest", NAPI_AUTO_LENGTH, digest, scratch, &fn) != napi_ok ||
      napi_create_uint32(env, INPUT_MAX, &max) != napi_ok ||
      napi_set_named_property(env, exports, "scratch", buffer) != napi_ok ||
      napi_set_named_property(env, exports, "digest", fn) != napi_ok ||
      napi_set_named_property(env, exports, "inputMax", max) != napi_ok) {
    napi_throw_error(env, NULL, "accord_sha256: could not set up the module");
    return NULL;
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
