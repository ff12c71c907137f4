/* Unit tests: og_big_calloc's arrays are zeroed, aligned (64 bytes; 2 MiB
 * from 1 MiB up, their own huge-page mapping) and writable to their last
 * byte, on either side of the size where the mapping starts; a size that
 * cannot be had is NULL, not a crash. og_big_malloc's are writable and
 * mapped from 1 MiB up; og_big_grow keeps a vector's contents while it
 * grows across that size, and leaves it as it was when it cannot. */
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

static void malloc_writable(void **state)
{
  (void)state;
  const size_t sizes[] = {0, 1, 1000, MIB - 1, MIB, 3 * MIB + 5};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    size_t n = sizes[i];
    unsigned char *p = og_big_malloc(n);
    assert_non_null(p);
    if (n >= MIB)
      assert_int_equal((uintptr_t)p % (2 * MIB), 0);
    memset(p, 0xcd, n);
    if (n)
      assert_int_equal(p[n - 1], 0xcd);
    og_big_free(p, n);
  }
  assert_null(og_big_malloc(SIZE_MAX));
}

/* One element at a time from nothing to 4 MiB of uint64_t: every value
 * kept across each doubling, the first ones below the mapping's size and
 * the last ones above it. */
static void grow_keeps_contents(void **state)
{
  (void)state;
  uint64_t *v = NULL;
  size_t cap = 0, n = (4 * MIB) / sizeof *v;
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(og_big_grow((void **)&v, &cap, i + 1, sizeof *v, 16), 0);
    assert_true(cap >= i + 1);
    v[i] = i * 2654435761u;
  }
  assert_int_equal(cap, n); /* doublings from 16 reach 4 MiB exactly */
  assert_int_equal((uintptr_t)v % (2 * MIB), 0);
  for (size_t i = 0; i < n; i++)
    if (v[i] != i * 2654435761u)
      fail_msg("element %zu lost in a doubling", i);
  assert_int_equal(og_big_grow((void **)&v, &cap, n / 2, sizeof *v, 16), 0); /* room already */
  assert_int_equal(cap, n);
  og_big_free(v, cap * sizeof *v);
}

static void grow_fails_cleanly(void **state)
{
  (void)state;
  uint64_t *v = NULL;
  size_t cap = 0;
  assert_int_equal(og_big_grow((void **)&v, &cap, 100, sizeof *v, 0), 0); /* first 0: from 1 */
  assert_int_equal(cap, 128);
  v[99] = 7;
  uint64_t *before = v;
  assert_int_equal(og_big_grow((void **)&v, &cap, SIZE_MAX / 4, sizeof *v, 16), -1);
  assert_int_equal(og_big_grow((void **)&v, &cap, SIZE_MAX, sizeof *v, 16), -1);
  assert_ptr_equal(v, before);
  assert_int_equal(cap, 128);
  assert_int_equal(v[99], 7);
  assert_int_equal(og_big_grow((void **)&v, &cap, 1, 0, 16), 0); /* room: nothing to do */
  og_big_free(v, cap * sizeof *v);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(malloc_writable),
    cmocka_unit_test(grow_keeps_contents),
    cmocka_unit_test(grow_fails_cleanly),
    cmocka_unit_test(zeroed_aligned_writable),
    cmocka_unit_test(impossible_size),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
