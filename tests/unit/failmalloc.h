/* Allocation-failure injection for the unit tests (after SQLite's
 * test_malloc.c): every unit test is linked with -Wl,--wrap for malloc,
 * calloc, realloc, strdup and strndup, so the code under test allocates
 * through the counting wrappers of failmalloc.c. Only code linked
 * statically into the test (ogsim's libraries, the test itself) is counted;
 * shared libraries (HDF5, libyaml, SimGrid, libc) allocate as usual.
 *
 * The usual loop: for n = 1, 2, ... arm(n), run the operation, and check it
 * failed cleanly while fired() is 1; stop at the first n where it did not
 * fire (the operation then ran with no failure). */
#ifndef OG_FAILMALLOC_H
#define OG_FAILMALLOC_H

/* Fail the nth allocation from now (1 = the next one) and only that one;
 * 0 or negative: never. Resets the count and the fired flag. */
void og_failmalloc_arm(long n);

/* Allocations seen since the last og_failmalloc_arm (failed one included). */
long og_failmalloc_count(void);

/* 1 if a failure was injected since the last og_failmalloc_arm. */
int og_failmalloc_fired(void);

#endif
