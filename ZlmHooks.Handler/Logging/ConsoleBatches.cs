using System.Collections.Concurrent;
using System.Text;

namespace ZlmHooks.Logging;

/// <summary>
/// The log lines on their way to stdout/stderr, in order. A writer thread of its own wakes on the
/// first line after a quiet spell, lets the lines of the next <see cref="Gather"/> join it, and
/// writes them all with one write call: under load one wake-up and one syscall carry a hundred
/// lines, and a blocked stdout (a slow log reader) never holds a request thread. As in the console
/// provider's own queue (its default mode), nothing is dropped: past <see cref="MaxQueued"/> lines a
/// caller waits for the writer.
/// </summary>
internal sealed class ConsoleBatches : IDisposable
{
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);
    public const int MaxQueued = 10_000;

    private readonly ConcurrentQueue<(string Text, bool Error)> _lines = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ManualResetEventSlim _written = new(false);
    private readonly Stream _out;
    private readonly Stream _error;
    private readonly Thread _thread;
    private readonly Batch _batch = new();
    private readonly Lock _afterStop = new();
    private int _queued;
    private int _signalled;
    private volatile bool _stopping;
    private volatile bool _stopped;

    public ConsoleBatches(Stream stdout, Stream stderr)
    {
        _out = stdout;
        _error = stderr;
        _thread = new Thread(Run) { IsBackground = true, Name = "Console log writer" };
        _thread.Start();
    }

    public void Add(string text, bool error)
    {
        while (Volatile.Read(ref _queued) >= MaxQueued && !_stopping && _thread.IsAlive)
        {
            _written.Reset();
            _written.Wait(50);
        }
        _lines.Enqueue((text, error));
        Interlocked.Increment(ref _queued);
        if (_stopped)
        {
            // Logged during shutdown, after the writer's last batch: written here, as the console
            // provider writes such lines itself.
            lock (_afterStop) WriteQueued();
            return;
        }
        if (Interlocked.Exchange(ref _signalled, 1) == 0) _wake.Set();
    }

    private void Run()
    {
        while (true)
        {
            _wake.Wait();
            if (!_stopping) Thread.Sleep(Gather);
            _wake.Reset();
            // From here a new line signals again; the lines queued before are written below.
            Volatile.Write(ref _signalled, 0);
            WriteQueued();
            _written.Set();
            if (_stopping)
            {
                lock (_afterStop)
                {
                    _stopped = true;
                    WriteQueued(); // what came in while the last batch was written
                }
                return;
            }
        }
    }

    /// <summary>Only the writer thread calls this, or, once it has stopped, a caller holding the lock.</summary>
    private void WriteQueued()
    {
        var batch = _batch;
        Stream? target = null;
        while (_lines.TryDequeue(out var line))
        {
            Interlocked.Decrement(ref _queued);
            var stream = line.Error ? _error : _out;
            if (target is not null && stream != target) batch.WriteTo(target);
            target = stream;
            batch.Append(line.Text);
        }
        if (target is not null) batch.WriteTo(target);
    }

    /// <summary>The UTF-8 bytes of the lines of one write.</summary>
    private sealed class Batch
    {
        private byte[] _bytes = new byte[64 * 1024];
        private int _length;

        public void Append(string text)
        {
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_length + most > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + most));
            _length += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
        }

        public void WriteTo(Stream target)
        {
            try
            {
                target.Write(_bytes, 0, _length);
                target.Flush();
            }
            catch (IOException)
            {
                // stdout closed (the host went away): there is nobody left to read the log.
            }
            _length = 0;
            if (_bytes.Length > 1024 * 1024) _bytes = new byte[64 * 1024];
        }
    }

    /// <summary>Writes every queued line, then stops the writer.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
