using Cronos;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>The cron must parse (with seconds: runs at least <see cref="MirrorCron.ShortestInterval"/> apart); the state file must sit in a directory; the retired <c>DrainCommand</c> is not set.</summary>
public sealed class MirrorOptionsValidator : IValidateOptions<MirrorOptions>
{
    public ValidateOptionsResult Validate(string? name, MirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options, MirrorOptions.Section);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The same rules for a store configured under <paramref name="section"/> (a service's <c>Mirror</c>), keys named from it.</summary>
    public static List<string> Check(MirrorOptions options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            var cron = MirrorCron.Parse(options.Cron);
            if (MirrorCron.HasSeconds(options.Cron) && MirrorCron.GapUnder(cron, MirrorCron.ShortestInterval) is { } gap)
            {
                failures.Add($"{section}:Cron: '{options.Cron}' runs {gap.TotalSeconds:0} s apart; with a seconds field, runs must be at least {MirrorCron.ShortestInterval.TotalSeconds:0} s apart (a scheduled run may start up to about 20 s late).");
            }
        }
        catch (CronFormatException e)
        {
            failures.Add($"{section}:Cron: '{options.Cron}' is not a cron expression ({e.Message}).");
        }

        if (options.StateFile.LastIndexOf('/') <= 0)
        {
            failures.Add($"{section}:StateFile: '{options.StateFile}' must be a file inside a directory, e.g. /var/lib/mailha/roles.");
        }

        if (options.DrainCommand.Length > 0)
        {
            failures.Add($"{section}:DrainCommand is retired: set {section}:QueueCountCommand (prints how many messages for the store the MTA still holds, e.g. from 'postqueue -j') and {section}:QueueFlushCommand (e.g. 'postqueue -f') instead; runbook §8.");
        }

        return failures;
    }
}
