package io.wavebeam.combiner;

import java.io.Serializable;

/** One input file {@code ROOT/<group>/ws_df_group.json}: its position in the sorted input list, URI and size. */
record GroupFile(int index, String path, long sizeBytes) implements Serializable {}
