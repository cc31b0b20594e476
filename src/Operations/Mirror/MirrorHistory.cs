using System.Text.Json;
using Dapper;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>
/// Mirror runs in the journal: survives restarts, so the last success and the age are known at once. Each run keeps
/// its typed outcome (why it failed or was refused, with its facts), so history, alerts and status read the reason
/// back as a type, never from text; runs recorded before that read back as <see cref="Journaled"/> (verdict and text).
/// </summary>
public sealed class MirrorHistory(JournalDatabase journal)
{
    private const string Columns =
        "id, started_at AS StartedAt, ended_at AS EndedAt, trigger, source, target, generation, outcome, exit_code AS ExitCode, message, " +
        "files_total AS FilesTotal, regular_files AS RegularFiles, files_transferred AS FilesTransferred, files_created AS FilesCreated, " +
        "files_deleted AS FilesDeleted, bytes_sent AS BytesSent, bytes_received AS BytesReceived, total_size AS TotalSize, outcome_detail AS OutcomeDetail";

    public async Task<MirrorRun> RecordAsync(MirrorRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await journal.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO mirror_runs (started_at, ended_at, trigger, source, target, generation, outcome, exit_code, message,
                files_total, regular_files, files_transferred, files_created, files_deleted, bytes_sent, bytes_received, total_size, outcome_detail)
            VALUES (@StartedAt, @EndedAt, @Trigger, @Source, @Target, @Generation, @Outcome, @ExitCode, @Message,
                @FilesTotal, @RegularFiles, @FilesTransferred, @FilesCreated, @FilesDeleted, @BytesSent, @BytesReceived, @TotalSize, @OutcomeDetail)
            RETURNING id
            """,
            new
            {
                StartedAt = run.StartedAt.ToUnixTimeMilliseconds(),
                EndedAt = run.EndedAt.ToUnixTimeMilliseconds(),
                run.Trigger,
                Source = run.Source.Value,
                Target = run.Target.Value,
                run.Generation,
                Outcome = run.Verdict.ToString(),
                run.ExitCode,
                run.Message,
                run.Stats?.FilesTotal,
                run.Stats?.RegularFiles,
                run.Stats?.FilesTransferred,
                run.Stats?.FilesCreated,
                run.Stats?.FilesDeleted,
                run.Stats?.BytesSent,
                run.Stats?.BytesReceived,
                run.Stats?.TotalSize,
                OutcomeDetail = JsonSerializer.Serialize(run.Outcome),
            },
            cancellationToken: cancellationToken));
        return run with { Id = id };
    }

    public async Task<IReadOnlyList<MirrorRun>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM mirror_runs ORDER BY id DESC LIMIT @limit", new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRun())];
    }

    /// <summary>The newest run (any outcome), or null when the mirror never ran.</summary>
    public async Task<MirrorRun?> LastAsync(CancellationToken cancellationToken)
    {
        var recent = await RecentAsync(1, cancellationToken);
        return recent.Count > 0 ? recent[0] : null;
    }

    /// <summary>The newest run that left the standby current (success or warning).</summary>
    public async Task<MirrorRun?> LastGoodAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {Columns} FROM mirror_runs WHERE outcome IN ('Succeeded', 'Warning') ORDER BY id DESC LIMIT 1",
            cancellationToken: cancellationToken));
        return row?.ToRun();
    }

    private sealed record RunRow(
        long Id, long StartedAt, long EndedAt, string Trigger, string Source, string Target, long Generation, string Outcome, long? ExitCode, string Message,
        long? FilesTotal, long? RegularFiles, long? FilesTransferred, long? FilesCreated, long? FilesDeleted, long? BytesSent, long? BytesReceived, long? TotalSize,
        string? OutcomeDetail)
    {
        public MirrorRun ToRun() => new(
            Id,
            DateTimeOffset.FromUnixTimeMilliseconds(StartedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(EndedAt),
            Trigger,
            new NodeName(Source),
            new NodeName(Target),
            Generation,
            Read(),
            (int?)ExitCode,
            FilesTotal is null && FilesTransferred is null && BytesReceived is null
                ? null
                : new RsyncStats(FilesTotal, RegularFiles, FilesTransferred, FilesCreated, FilesDeleted, TotalSize, BytesSent, BytesReceived));

        private MirrorOutcome Read()
        {
            var verdict = Enum.Parse<MirrorVerdict>(Outcome);
            if (OutcomeDetail is not null)
            {
                try
                {
                    return JsonSerializer.Deserialize<MirrorOutcome>(OutcomeDetail) ?? new Journaled(verdict, Message);
                }
                catch (JsonException)
                {
                    // Written by a newer MailHa with a reason this one does not know: its verdict and text still hold.
                }
            }

            return new Journaled(verdict, Message);
        }
    }
}
