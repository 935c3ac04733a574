package io.wavebeam.combiner;

import java.io.Serializable;

/**
 * One input file {@code ROOT/<group>/ws_df_group.json} or {@code ROOT/<group>/ws_df_windows.json}: its table, its
 * position among that table's files in sorted order (which names its part), its position in the whole input list
 * (the order of reports), URI and size.
 */
record GroupFile(TableSchema table, int index, int order, String path, long sizeBytes) implements Serializable {}
