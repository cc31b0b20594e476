namespace MailHa.Operations.Tests.Audit;

/// <summary>
/// An audit chain as the versions before typed audit events wrote it: their seven writers' words (chat requests,
/// decisions and refusals, approved runs, expiries, voided runs, operation steps, mirror commands, the command line),
/// hashed by their hash chain. This version must still verify it and read it back as typed events.
/// </summary>
internal static class OldChain
{
    public static readonly Row[] Rows =
    [
        new(1764806400000, "alice", "Slack", "request", "switchover ", "pending", "r-1a2b3c Switchover mail1 → mail2; fingerprint 9f2c; cards Slack:C1/1.0", "0000000000000000000000000000000000000000000000000000000000000000", "30d35854b2ec05374d7ed78cee081308588eded60b2c0679956b12b77971d3ad"),
        new(1764806401000, "alice", "Slack", "approve", "r-1a2b3c", "refused", "a different person must approve it", "30d35854b2ec05374d7ed78cee081308588eded60b2c0679956b12b77971d3ad", "78f2c08bac8ff0320626ccb829145237f249745d3428ccd4e75cc5355f72f970"),
        new(1764806402000, "bob", "Teams", "approve", "r-1a2b3c", "approved", "Switchover mail1 → mail2; fingerprint 9f2c", "78f2c08bac8ff0320626ccb829145237f249745d3428ccd4e75cc5355f72f970", "83071c682dfa865edaa813fc90c77b0c909656d25ff6dfdec11517d1cae35268"),
        new(1764806403000, "alice", "operation", "operation-start", "switchover op-20261204-1", "running", "requested by alice, approved by bob; mail1 → mail2; overrides: None", "83071c682dfa865edaa813fc90c77b0c909656d25ff6dfdec11517d1cae35268", "92ba87a2a7c61ac0d87686a05c6efbef543788f9d1ee3c75d6036a7d97fe156c"),
        new(1764806404000, "alice", "operation", "step:fence", "switchover op-20261204-1", "done", "requested by alice, approved by bob; VIP down on mail1", "92ba87a2a7c61ac0d87686a05c6efbef543788f9d1ee3c75d6036a7d97fe156c", "492a4fd212c9942efae352dacc1321834bad4d11cec353c6f8480703e0390143"),
        new(1764806405000, "alice", "operation", "rollback", "switchover op-20261204-1", "failed", "requested by alice, approved by bob; mail1 unreachable", "492a4fd212c9942efae352dacc1321834bad4d11cec353c6f8480703e0390143", "b8d0dad15b40036a4ae463623ae50e2bde9ac2c51f37636a949f320519bd4557"),
        new(1764806406000, "alice", "operation", "operation-end", "switchover op-20261204-1", "succeeded", "requested by alice, approved by bob; Switchover complete", "b8d0dad15b40036a4ae463623ae50e2bde9ac2c51f37636a949f320519bd4557", "11ef470a8f415da97d69387337f22d42c5bcfb71394049e24d11191477ce0c46"),
        new(1764806407000, "alice", "mailha", "switchover", "r-1a2b3c", "succeeded", "approved by bob: Switchover complete", "11ef470a8f415da97d69387337f22d42c5bcfb71394049e24d11191477ce0c46", "b71fd0125f05763894fee768c72a312fed796cd330701fa5c9fde74520ed2d68"),
        new(1764806408000, "system", "mailha", "expire", "r-4d5e6f", "expired", "Failback mail2 → mail1", "b71fd0125f05763894fee768c72a312fed796cd330701fa5c9fde74520ed2d68", "08f0abf575e83061b183c316b76b3271fc1c9e24c6d2eec0b08b00508c5bebc0"),
        new(1764806409000, "system", "mailha", "run", "r-7a8b9c", "voided", "Approval void: the situation changed between approval and start (plan/checks differ). Nothing was changed.", "08f0abf575e83061b183c316b76b3271fc1c9e24c6d2eec0b08b00508c5bebc0", "9fc7838e98326ad3eafe94c9306bc6c6238ef147e270ba9823b039ce41579fa2"),
        new(1764806410000, "cli:root", "cli", "request", "failover --primary-down", "not confirmed", "typed 'wrong-name'", "9fc7838e98326ad3eafe94c9306bc6c6238ef147e270ba9823b039ce41579fa2", "25cf674db063e2dbed03d933febe86c5d53220af2116d90ff56eb5fede51b159"),
        new(1764806411000, "carol", "Console", "mirror-run", "mirror", "done", "mirror run good", "25cf674db063e2dbed03d933febe86c5d53220af2116d90ff56eb5fede51b159", "06aa2a678f8f426c9a62501490baffcb00852684021b0bf2674e049968824663"),
        new(1764806412000, "carol", "Slack", "mirror-pause", "mirror", "done", "paused", "06aa2a678f8f426c9a62501490baffcb00852684021b0bf2674e049968824663", "52106a7743a11fa12d35f71fad9fcb1ad15f87eaab20633a4a23d6800dc15e2c"),
        new(1764806413000, "unknown Slack:T1/U9", "Slack", "command", "(too long)", "refused", "command of 600 characters", "52106a7743a11fa12d35f71fad9fcb1ad15f87eaab20633a4a23d6800dc15e2c", "6d259704f4aef89b1cfe3fd4e498bfb2d3f11a86b02ce406c0258822e643dc49"),
        new(1764806414000, "dave", "Slack", "status", "", "refused", "lacks the Read role", "6d259704f4aef89b1cfe3fd4e498bfb2d3f11a86b02ce406c0258822e643dc49", "8a77a6c0b64d0ce97dfd7da03c3868c0b678ba81bb06023bd9da7fae62f24737"),
    ];

    public sealed record Row(long At, string Actor, string Platform, string Action, string Subject, string Outcome, string Detail, string PrevHash, string Hash);
}
