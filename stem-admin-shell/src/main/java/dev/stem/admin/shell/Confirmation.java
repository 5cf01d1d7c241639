package dev.stem.admin.shell;

import org.springframework.shell.core.command.CommandContext;

/// Asks before a destructive command changes anything.
///
/// Guarantees: with `--yes` it goes ahead without asking; interactively it asks and goes ahead only
/// on `y` or `yes`; in a one-shot run (which cannot ask) without `--yes` it refuses with a
/// [UsageException] naming the action, before anything is changed.
final class Confirmation {

    private Confirmation() {
    }

    /// Whether to go ahead with `action` (for example "purge 3 dead letters of queue 'mail'").
    static boolean confirmed(CommandContext context, boolean yes, String action) {
        if (yes) {
            return true;
        }
        String answer;
        try {
            answer = context.inputReader().readInput("About to " + action + ". Go ahead? [y/N] ");
        }
        catch (UnsupportedOperationException ex) {
            throw new UsageException("refusing to " + action + " without --yes (nothing was changed)");
        }
        catch (Exception ex) {
            throw new UsageException("could not ask whether to " + action + " (" + ex.getMessage()
                    + "); nothing was changed, give --yes to go ahead", ex);
        }
        boolean confirmed = answer != null && (answer.strip().equalsIgnoreCase("y")
                || answer.strip().equalsIgnoreCase("yes"));
        if (!confirmed) {
            context.outputWriter().println("Cancelled; nothing was changed.");
            context.outputWriter().flush();
        }
        return confirmed;
    }
}
