// Services in process and server processes on a 2-core machine: one test at a time keeps the watch and feed
// timings about the tool, not about the test run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
