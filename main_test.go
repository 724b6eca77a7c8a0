package recorder

import (
	"os"
	"testing"
)

// TestMain runs the package's tests in the same environment everywhere.
// Mode resolution reads TAPEDECK_MODE and CI from the process environment,
// so a developer's shell (TAPEDECK_MODE=replay) or a CI runner (CI=true)
// would otherwise change which mode a test that does not pass WithMode
// gets. The tests of that resolution inject their environment instead (see
// mode_test.go and TestAsCacheMode), and tests that need a variable set it
// with t.Setenv. The -update flag is left alone: it is how this package's
// own fixtures are refreshed.
func TestMain(m *testing.M) {
	for _, name := range []string{"TAPEDECK_MODE", "CI"} {
		os.Unsetenv(name)
	}
	os.Exit(m.Run())
}
