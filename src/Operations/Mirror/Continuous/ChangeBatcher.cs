using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// Gathers changed paths into batches: a batch is due once the stream was quiet for the quiet window, or when its first
/// change waited <c>maxDelay</c> (a store that never goes quiet is still pulled). Pure: the caller passes the time.
/// A batch that outgrew <c>maxPaths</c>, or that saw the queue overflow, asks for a full run instead of its paths.
/// </summary>
public sealed class ChangeBatcher(TimeSpan quietWindow, TimeSpan maxDelay, int maxPaths)
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private DateTimeOffset? _first;
    private DateTimeOffset _last;
    private string? _fullRunBecause;

    public static ChangeBatcher For(MirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.QuietWindow, options.MaxBatchDelay, options.MaxBatchPaths);
    }

    /// <summary>When the pending batch is due; null when nothing is pending.</summary>
    public DateTimeOffset? DueAt => _first is { } first ? Min(_last + quietWindow, first + maxDelay) : null;

    public void Add(string relativePath, DateTimeOffset at)
    {
        Touch(at);
        if (_fullRunBecause is not null)
        {
            return;
        }

        _paths.Add(relativePath);
        if (_paths.Count > maxPaths)
        {
            NeedFullRun($"more than {maxPaths} changed paths in one batch", at);
        }
    }

    /// <summary>The paths pending cannot be trusted to be all the changes (overflow, a failed batch): a full run is due instead.</summary>
    public void NeedFullRun(string because, DateTimeOffset at)
    {
        Touch(at);
        _fullRunBecause ??= because;
        _paths.Clear();
    }

    /// <summary>The batch, if it is due at <paramref name="now"/>; the batcher is then empty.</summary>
    public ChangeBatch? TakeIfDue(DateTimeOffset now)
    {
        if (DueAt is not { } due || now < due)
        {
            return null;
        }

        ChangeBatch batch = _fullRunBecause is { } because
            ? new FullRunDue(because)
            : new PathsDue([.. _paths.Order(StringComparer.Ordinal)]);
        _paths.Clear();
        _first = null;
        _fullRunBecause = null;
        return batch;
    }

    private void Touch(DateTimeOffset at)
    {
        _first ??= at;
        _last = at;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>What a due batch asks for.</summary>
public abstract record ChangeBatch;

/// <summary>Pull these paths (relative to the store), sorted; a deleted or renamed-away one is deleted on the standby.</summary>
public sealed record PathsDue(IReadOnlyList<string> Paths) : ChangeBatch;

/// <summary>The changes cannot be pulled path by path: run the full guarded mirror.</summary>
public sealed record FullRunDue(string Because) : ChangeBatch;
