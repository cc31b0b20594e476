namespace MailHa.Bot.Cli;

/// <summary>Process exit codes of the operator verbs.</summary>
public static class CliExit
{
    public const int Ok = 0;

    /// <summary>The operation ran and failed, or was refused by a guard.</summary>
    public const int Failed = 1;

    /// <summary>Bad input or configuration: nothing was changed.</summary>
    public const int Usage = 2;
}
