// Each test runs a server process and a browser on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
