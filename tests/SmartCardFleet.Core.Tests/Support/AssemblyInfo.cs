// Specs count process-wide resources (open contexts, monitor threads, OS threads): running them one class at a time
// keeps those counts meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
