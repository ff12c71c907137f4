/* Unit tests: FLOP and byte counts of the zoo's architectures against
 * values worked out by hand (in the comments). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch.h"
#include "net.h"

static void eq(double got, double want)
{
  if (got != want)
    fail_msg("got %.17g, want %.17g", got, want);
}

/* hidden 8, 2 heads of 4, 1 KV head (kv dim 4), FFN 16, vocab 10, 2 layers.
 * layer matrices: Q,O 2*8*8 = 128; K,V 2*8*4 = 64; FFN 3*8*16 = 384 -> 576 */
static const struct og_arch tiny = {
  .name = "tiny", .kind = OG_ARCH_DECODER, .dtype_bytes = 2, .layers = 2, .hidden = 8,
  .heads = 2, .kv_heads = 1, .ffn = 16, .vocab = 10,
};

static void tiny_decoder(void **state)
{
  (void)state;
  /* params: 2 * 576 + embedding 80 + LM head 80 = 1312 */
  eq(og_arch_params(&tiny), 1312);
  /* token at ctx 3: per layer 2*576 + 4*8*3 = 1248, x2 = 2496, + logits 2*8*10 */
  eq(og_arch_decoder_token_flops(&tiny, 3, 1), 2656);
  struct og_request_cost c;
  assert_int_equal(og_arch_request_cost(&tiny, 3, 3, &c), OG_OK);
  /* prefill of 3: 2 * (2*576*3 + 4*8*(1+2+3)) + 160 = 7456 */
  eq(c.prefill_flops, 7456);
  /* decode tokens 2 and 3 at ctx 4 and 5: 2*(1152+128)+160 + 2*(1152+160)+160 */
  eq(c.decode_flops, 2720 + 2784);
  /* KV: 2 (K,V) * 2 layers * 4 dims * 2 B = 32 B per cached position;
   * step 1 reads 3 positions, step 2 reads 4 */
  eq(c.kv_bytes, 32 * 3 + 32 * 4);
  eq(c.weight_bytes, 1312 * 2);
  eq(c.steps, 3);
}

static void llama(void **state)
{
  (void)state;
  struct og_arch l8 = {.kind = OG_ARCH_DECODER, .dtype_bytes = 2, .layers = 32, .hidden = 4096,
                       .heads = 32, .kv_heads = 8, .ffn = 14336, .vocab = 128256};
  /* 32 * (2*4096^2 + 2*4096*1024 + 3*4096*14336) + 2*128256*4096 */
  eq(og_arch_params(&l8), 8029995008.0);
  struct og_arch l70 = {.kind = OG_ARCH_DECODER, .dtype_bytes = 2, .layers = 80, .hidden = 8192,
                        .heads = 64, .kv_heads = 8, .ffn = 28672, .vocab = 128256};
  /* 80 * (2*8192^2 + 2*8192*1024 + 3*8192*28672) + 2*128256*8192 */
  eq(og_arch_params(&l70), 70552387584.0);
  struct og_request_cost c;
  assert_int_equal(og_arch_request_cost(&l8, 1, 1, &c), OG_OK);
  /* one token: 2 FLOP per matrix parameter + attention over 1 position */
  eq(c.prefill_flops, 32 * (2 * 218103808.0 + 4 * 4096) + 2 * 4096 * 128256.0);
  eq(c.decode_flops, 0);
}

static void bert_and_mlp(void **state)
{
  (void)state;
  struct og_arch bert = {.kind = OG_ARCH_ENCODER, .dtype_bytes = 2, .layers = 12, .hidden = 768,
                         .heads = 12, .kv_heads = 12, .ffn = 3072, .vocab = 30522, .seq = 128};
  struct og_request_cost c;
  assert_int_equal(og_arch_request_cost(&bert, 0, 0, &c), OG_OK);
  /* layer 4*768^2 + 2*768*3072 = 7077888; 12 * (2*7077888*128 + 4*768*128^2) */
  eq(c.prefill_flops, 22347251712.0);
  eq(c.params, 12 * 7077888.0 + 30522 * 768.0);
  struct og_arch mlp = {.kind = OG_ARCH_MLP, .dtype_bytes = 4, .widths = {4, 8, 3}, .n_widths = 3};
  assert_int_equal(og_arch_request_cost(&mlp, 0, 0, &c), OG_OK);
  eq(c.prefill_flops, 2 * (4 * 8 + 8 * 3)); /* 112 */
  eq(c.params, 4 * 8 + 8 + 8 * 3 + 3);       /* weights and biases: 67 */
  eq(c.weight_bytes, 67 * 4);
}

static void invalid(void **state)
{
  (void)state;
  struct og_request_cost c;
  struct og_arch bad = tiny;
  bad.heads = 3; /* 8 not divisible by 3 */
  assert_int_equal(og_arch_request_cost(&bad, 3, 1, &c), OG_EINVAL);
  bad = tiny;
  bad.kv_heads = 0;
  assert_int_equal(og_arch_request_cost(&bad, 3, 1, &c), OG_EINVAL);
  assert_int_equal(og_arch_request_cost(&tiny, 0, 1, &c), OG_EINVAL);
}

static void zoo_files(void **state)
{
  (void)state;
  static const char *const names[] = {"llama-3-8b", "llama-3-70b", "bert-base",
                                      "mlp-classifier", "tiny-mlp", "tiny-transformer",
                                      "llama-2-7b", "llama-2-70b"};
  const char *src = getenv("OGSIM_SOURCE_DIR");
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/models/zoo/%s.yaml", src ? src : ".", names[i]);
    struct og_arch *a = NULL;
    struct og_error err = {{0}};
    if (og_arch_load(path, &a, &err) != OG_OK)
      fail_msg("%s", err.msg);
    assert_string_equal(a->name, names[i]);
    if (i == 0) {
      eq(og_arch_params(a), 8029995008.0);
      assert_int_equal(a->prompt_tokens, 512);
    }
    if (i == 4)
      assert_int_equal(a->n_widths, 3);
    /* Touvron et al. 2023 (Llama 2), table 1: 7B and 70B; exact counts:
     * 32 * (4*4096^2 + 3*4096*11008) + 2*32000*4096 = 6738149376 and
     * 80 * (2*8192^2 + 2*8192*1024 + 3*8192*28672) + 2*32000*8192 = 68975329280,
     * the 6.74e9 and 68.98e9 of Meta's model cards */
    if (i == 6)
      eq(og_arch_params(a), 6738149376.0);
    if (i == 7)
      eq(og_arch_params(a), 68975329280.0);
    og_arch_free(a);
  }
}

static void zoo_errors(void **state)
{
  (void)state;
  char path[] = "/tmp/ogsim-zoo-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  fputs("name: x\nkind: decoder\nhidden: 10\nheads: 3\nlayer: 2\n", f);
  fclose(f);
  struct og_arch *a = (struct og_arch *)1;
  struct og_error err = {{0}};
  assert_int_equal(og_arch_load(path, &a, &err), OG_EINVAL);
  assert_null(a);
  if (!strstr(err.msg, ":5:1: model: unknown key 'layer'"))
    fail_msg("message: %s", err.msg);
  f = fopen(path, "w");
  fputs("name: x\nkind: decoder\nhidden: 10\nheads: 3\n", f);
  fclose(f);
  assert_int_equal(og_arch_load(path, &a, &err), OG_EINVAL);
  if (!strstr(err.msg, "hidden must divide into heads"))
    fail_msg("message: %s", err.msg);
  unlink(path);
}

static void variant_costs(void **state)
{
  (void)state;
  struct og_request_cost honest, c;
  assert_int_equal(og_arch_request_cost(&tiny, 3, 3, &honest), OG_OK);
  assert_int_equal(og_variant_cost(&tiny, OG_EXEC_HONEST, 3, 3, &c), OG_OK);
  eq(c.prefill_flops, honest.prefill_flops);
  assert_int_equal(og_variant_cost(&tiny, OG_EXEC_INT8, 3, 3, &c), OG_OK);
  eq(c.prefill_flops, honest.prefill_flops);
  eq(c.weight_bytes, honest.params); /* 1 byte per weight */
  assert_int_equal(og_variant_cost(&tiny, OG_EXEC_SKIP, 3, 3, &c), OG_OK);
  /* one layer of two: prefill 2*576*3 + 4*8*6 + logits 160 */
  eq(c.prefill_flops, 3456 + 192 + 160);
  assert_int_equal(og_variant_cost(&tiny, OG_EXEC_SUBSTITUTE, 3, 3, &c), OG_OK);
  assert_true(c.prefill_flops < honest.prefill_flops / 2);
  assert_int_equal(og_variant_cost(&tiny, OG_EXEC_LAZY, 3, 3, &c), OG_OK);
  eq(c.prefill_flops + c.decode_flops + c.weight_bytes, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(tiny_decoder), cmocka_unit_test(llama), cmocka_unit_test(bert_and_mlp),
    cmocka_unit_test(invalid), cmocka_unit_test(zoo_files), cmocka_unit_test(zoo_errors),
    cmocka_unit_test(variant_costs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
