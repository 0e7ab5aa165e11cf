package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A bidirectional association left unmarked on purpose: marshaling it must fail clearly, not loop. */
@Entity
public class Team implements Syncable {

    @Id
    @GeneratedValue
    Long id;
    String name;
    @OneToMany(mappedBy = "team")
    List<Player> players = new ArrayList<>();

    public Team() {
    }

    Team(String name) {
        this.name = name;
    }

    @Override
    public Map<String, String> syncKeys() {
        return Map.of("id", "team:id:" + id);
    }

    /** The other side. */
    @Entity
    public static class Player {
        @Id
        @GeneratedValue
        Long id;
        @ManyToOne
        Team team;

        public Player() {
        }

        Player(Team team) {
            this.team = team;
            team.players.add(this);
        }
    }
}
