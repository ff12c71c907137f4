/* GSL's error handler is off from the start of any program linking ogsim:
 * a GSL error (a failed allocation included) returns its code instead of
 * aborting the process. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rng.h"

/* Negative weights are a GSL_EDOM error inside gsl_ran_discrete_preproc:
 * with the default handler this aborts the test executable. */
static void error_returns(void **state)
{
  (void)state;
  gsl_rng *r = og_rng_new(1, OG_RNG_ARRIVAL, 0);
  assert_non_null(r);
  const double w[] = {1, -1};
  gsl_ran_discrete_t *t = gsl_ran_discrete_preproc(2, w);
  assert_null(t);
  gsl_rng_free(r);
}

/* The handler in place is GSL's "off" handler, not the aborting default
 * (NULL): setting it again reports a non-NULL previous handler. */
static void handler_is_off(void **state)
{
  (void)state;
  gsl_error_handler_t *prev = gsl_set_error_handler_off();
  assert_non_null(prev);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(error_returns),
    cmocka_unit_test(handler_is_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
