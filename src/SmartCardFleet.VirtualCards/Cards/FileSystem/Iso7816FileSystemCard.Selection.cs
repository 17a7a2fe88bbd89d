namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>SELECT: by FID, child DF/EF, parent, DF name (right-truncated allowed) and path.</summary>
public partial class Iso7816FileSystemCard
{
    private byte[] Select(CardCommand command)
    {
        if ((command.P2 & 0xF3) != 0 && command.P1 != 0x04)
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        if (command.P1 is > 0x04 and not (0x08 or 0x09))
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        var data = command.Data.Span;
        if (command.P1 is 0x00 or 0x01 or 0x02 && data.Length is not (0 or 2))
        {
            return StatusWords.Only(StatusWords.WrongLength);
        }

        ushort fid = data.Length == 2 ? (ushort)((data[0] << 8) | data[1]) : MasterFileId;
        CardFile? target = command.P1 switch
        {
            0x00 => FindById(fid),
            0x01 => _currentDf.Child(fid) as DedicatedFile,
            0x02 => data.Length == 2 && _currentDf.Child(fid) is { } ef and not DedicatedFile ? ef : null,
            0x03 => _currentDf.Parent,
            0x04 => data.IsEmpty ? MasterFile : FindByName(MasterFile, data),
            0x08 => FollowPath(MasterFile, data),
            0x09 => FollowPath(_currentDf, data),
            _ => null,
        };
        if (target is null)
        {
            return StatusWords.Only(StatusWords.FileNotFound);
        }

        if (target is DedicatedFile df)
        {
            _currentDf = df;
            _currentEf = null;
        }
        else
        {
            _currentDf = target.Parent!;
            _currentEf = target;
        }

        var answer = AnswersSelectWithControlParameters ? FileControlParameters.For(target, command.P2) : [];
        return answer.Length == 0 ? StatusWords.Only(StatusWords.Success) : RespondWithData(answer, command);
    }

    private CardFile? FindById(ushort fid)
    {
        if (fid == MasterFileId)
        {
            return MasterFile;
        }

        if (_currentDf.FileId == fid)
        {
            return _currentDf;
        }

        return _currentDf.Child(fid)
            ?? (_currentDf.Parent is { } parent ? (parent.FileId == fid ? parent : parent.Child(fid)) : null);
    }

    private static DedicatedFile? FindByName(DedicatedFile df, ReadOnlySpan<byte> name)
    {
        // ISO 7816-4 allows a right-truncated DF name: the first DF whose name starts with it is selected.
        if (df.Name.Count >= name.Length && df.Name.Take(name.Length).SequenceEqual(name.ToArray()))
        {
            return df;
        }

        foreach (var child in df.Children.OfType<DedicatedFile>())
        {
            if (FindByName(child, name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static CardFile? FollowPath(DedicatedFile start, ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path.Length % 2 != 0)
        {
            return null;
        }

        CardFile node = start;
        for (int i = 0; i < path.Length; i += 2)
        {
            ushort fid = (ushort)((path[i] << 8) | path[i + 1]);
            if (i == 0 && fid == MasterFileId && start.Parent is null)
            {
                continue;
            }

            if (node is not DedicatedFile df || df.Child(fid) is not { } next)
            {
                return null;
            }

            node = next;
        }

        return node;
    }
}
