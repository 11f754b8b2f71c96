// Several tests run real server processes, a Redis server and failover timings on a 2-core
// machine; running them one at a time keeps those timings about the service, not the test run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
