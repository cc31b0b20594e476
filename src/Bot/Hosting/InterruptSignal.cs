using System.Runtime.InteropServices;

namespace MailHa.Bot.Hosting;

/// <summary>
/// <c>mailha serve</c> stops cleanly on SIGINT however it was started. A process started as a background job of a
/// non-interactive shell (<c>mailha serve &amp;</c> in a script, as <c>lab/demo</c> runs it) or under <c>nohup</c>
/// inherits SIGINT ignored, and .NET respects a signal ignored when its signal handling starts: it installs no
/// handler, so neither the host's Ctrl-C handler nor the command line's ever ran, and <c>kill -INT</c> left serve
/// running (SIGTERM, never ignored that way, stopped it). Set back to the default before .NET's signal handling
/// starts (the first PosixSignalRegistration, Console or Process use), SIGINT gets .NET's handler as in a terminal.
/// </summary>
internal static class InterruptSignal
{
    private const int Sigint = 2; // Linux and macOS alike.
    private static readonly nint DefaultAction = 0; // SIG_DFL

    /// <summary>Gives SIGINT its default disposition back if it was inherited ignored; call first thing, before any signal registration.</summary>
    public static void Restore()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Signal(Sigint, DefaultAction);
        }
    }

    // DllImport, not LibraryImport: that one needs unsafe code for the project, and these arguments need no marshalling.
    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);
}
