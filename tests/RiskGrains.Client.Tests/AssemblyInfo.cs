// Services in process, server processes killed and restarted, and a package built: one test at a time keeps
// the restart timings about the client, not about the test run, on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
