namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Runs blocking PC/SC work on its own OS thread (never the ThreadPool), as the product does.</summary>
public static class Dedicated
{
    public static Task<T> Run<T>(string name, Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return completion.Task;
    }
}
