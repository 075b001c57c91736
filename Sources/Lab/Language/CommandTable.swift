/// Every command of the language, in help order. Each area keeps its
/// commands in its own file; help, completion, dispatch and the README's
/// command reference all read this one list.
public enum CommandTable {
    public static let all: [Command] = DataCommands.all + NetworkCommands.all + SetCommand.all + ShowCommand.all + FreezeCommands.all
        + TrainingCommands.all + DerivativeCommands.all + PlotCommands.all + SessionCommands.all + GeneralCommands.all
}
