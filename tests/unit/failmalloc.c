/* Counting allocation wrappers behind failmalloc.h (the link options that
 * route allocations here are set in tests/CMakeLists.txt). */
#include "failmalloc.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long countdown; /* allocations left before the failing one; 0: off */
static long count;
static int fired;

void og_failmalloc_arm(long n)
{
  countdown = n > 0 ? n : 0;
  count = 0;
  fired = 0;
}

long og_failmalloc_count(void)
{
  return count;
}

int og_failmalloc_fired(void)
{
  return fired;
}

/* 1 when this allocation is the one to fail. */
static int should_fail(void)
{
  count++;
  if (countdown == 0 || --countdown > 0)
    return 0;
  fired = 1;
  errno = ENOMEM;
  return 1;
}

void *__wrap_malloc(size_t size)
{
  return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
  return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
  return should_fail() ? NULL : __real_realloc(p, size);
}

/* libc's strdup allocates inside libc, out of the wrappers' reach: copy
 * through the counted path instead. */
char *__wrap_strndup(const char *s, size_t n)
{
  size_t len = strnlen(s, n);
  char *d = __wrap_malloc(len + 1);
  if (d) {
    memcpy(d, s, len);
    d[len] = '\0';
  }
  return d;
}

char *__wrap_strdup(const char *s)
{
  return __wrap_strndup(s, strlen(s));
}
