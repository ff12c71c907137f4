/* Unit tests: og_big_calloc's arrays are zeroed, aligned (64 bytes; 2 MiB
 * from 1 MiB up, their own huge-page mapping) and writable to their last
 * byte, on either side of the size where the mapping starts; a size that
 * cannot be had is NULL, not a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bigmem.h"

#define MIB ((size_t)1 << 20)

static void zeroed_aligned_writable(void **state)
{
  (void)state;
  const size_t sizes[] = {0,       1,       63,          64,      1000, MIB - 1,
                          MIB,     MIB + 1, 2 * MIB - 128, 2 * MIB, 5 * MIB + 3};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    size_t n = sizes[i];
    unsigned char *p = og_big_calloc(n);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % (n >= MIB ? 2 * MIB : 64), 0);
    for (size_t b = 0; b < n; b++)
      if (p[b] != 0)
        fail_msg("size %zu: byte %zu is %u, not 0", n, b, p[b]);
    memset(p, 0xab, n);
    if (n)
      assert_int_equal(p[n - 1], 0xab);
    og_big_free(p, n);
  }
  og_big_free(NULL, 0);
  og_big_free(NULL, 4 * MIB);
}

static void impossible_size(void **state)
{
  (void)state;
  assert_null(og_big_calloc(SIZE_MAX));
  assert_null(og_big_calloc(SIZE_MAX - MIB));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(zeroed_aligned_writable),
    cmocka_unit_test(impossible_size),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
